package intake

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"confidant/internal/fault"
)

// ErrEncryptedPDF is returned for a PDF whose content is encrypted.
var ErrEncryptedPDF = fault.New(fault.Invalid, "the PDF is encrypted: save an unprotected copy, or type the request in")

// errNoTextLayer marks a PDF that has pages but no text on them: a scan.
var errNoTextLayer = errors.New("scanned: type it in, or install the OCR tool (tesseract-ocr)")

// pdfText extracts the text layer of a PDF in page order. Lines are broken
// where the text moves down the page, and a larger gap becomes a blank line,
// so that the boxes of a form and the paragraphs of a letter stay apart.
func pdfText(data []byte) (string, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(data[:min(len(data), 1024)], " \r\n\t\x00"), []byte("%PDF-")) &&
		!bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return "", errors.New("not a PDF file")
	}
	f, err := parsePDFObjects(data)
	if err != nil {
		return "", err
	}
	if f.trailer != nil && f.trailer["Encrypt"] != nil {
		return "", ErrEncryptedPDF
	}
	if f.trailer == nil && bytes.Contains(data, []byte("/Encrypt")) {
		return "", ErrEncryptedPDF
	}
	pages := f.pages()
	if len(pages) == 0 {
		return "", errors.New("the PDF has no pages that can be read")
	}
	var out strings.Builder
	for i, p := range pages {
		if i > 0 {
			out.WriteString("\n\n")
		}
		t := newPDFTextState(f, p)
		t.run(f.pageContent(p), 0)
		out.WriteString(strings.TrimRight(t.buf.String(), " \n"))
		if out.Len() > maxTextFromPDF {
			break
		}
	}
	text := cleanExtracted(out.String())
	if strings.TrimSpace(text) == "" {
		return "", errNoTextLayer
	}
	return text, nil
}

// pages lists the page dictionaries in order, from the catalog's page tree;
// failing that, every object of /Type /Page in object-number order.
func (f *pdfFile) pages() []pdfDict {
	var out []pdfDict
	visits := 0
	var walk func(node any, inherited pdfDict, depth int)
	walk = func(node any, inherited pdfDict, depth int) {
		visits++
		if depth > maxPDFNesting || visits > maxPageTreeVisits {
			return
		}
		d := f.dictOf(node)
		if d == nil {
			return
		}
		inh := pdfDict{}
		for k, v := range inherited {
			inh[k] = v
		}
		if r, ok := d["Resources"]; ok {
			inh["Resources"] = r
		}
		kids := f.arrayOf(d["Kids"])
		if f.nameOf(d["Type"]) == "Page" || (kids == nil && d["Contents"] != nil) {
			p := pdfDict{}
			for k, v := range inh {
				p[k] = v
			}
			for k, v := range d {
				p[k] = v
			}
			out = append(out, p)
			return
		}
		for _, k := range kids {
			walk(k, inh, depth+1)
		}
	}
	if root := f.dictOf(f.trailer["Root"]); root != nil {
		walk(root["Pages"], nil, 0)
	}
	if len(out) > 0 {
		return out
	}
	// No usable catalog: take the page objects as they come.
	nums := make([]int, 0)
	for n, o := range f.objs {
		if d, ok := o.(pdfDict); ok && f.nameOf(d["Type"]) == "Page" {
			nums = append(nums, n)
		}
	}
	sortInts(nums)
	for _, n := range nums {
		out = append(out, f.objs[n].(pdfDict))
	}
	return out
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// pageContent concatenates a page's content streams, decoded.
func (f *pdfFile) pageContent(p pdfDict) []byte {
	var parts []any
	switch c := f.resolve(p["Contents"]).(type) {
	case *pdfStream:
		parts = []any{c}
	case []any:
		parts = c
	}
	var buf bytes.Buffer
	for _, part := range parts {
		s, ok := f.resolve(part).(*pdfStream)
		if !ok {
			continue
		}
		b, err := f.decodeStream(s)
		if err != nil {
			continue
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// pdfFont is what decoding a font's strings needs.
type pdfFont struct {
	twoByte   bool               // codes are two bytes (a Type0 font)
	toUnicode map[uint32]string  // from the /ToUnicode CMap
	ranges    []cmapRange        // its long bfranges, kept as ranges
	widths    map[uint32]float64 // glyph widths in thousandths of the size
	dw        float64            // width of a glyph not in widths
	codeLen   int                // byte length of codes in the CMap, 0 if unknown
	diffs     map[byte]rune      // from /Encoding /Differences
}

func (f *pdfFile) loadFont(v any) *pdfFont {
	d := f.dictOf(v)
	font := &pdfFont{}
	if d == nil {
		return font
	}
	font.twoByte = f.nameOf(d["Subtype"]) == "Type0"
	font.widths, font.dw = f.fontWidths(d, font.twoByte)
	if s, ok := f.resolve(d["ToUnicode"]).(*pdfStream); ok {
		if b, err := f.decodeStream(s); err == nil {
			font.toUnicode, font.ranges, font.codeLen = parseCMap(b)
		}
	}
	if enc := f.dictOf(d["Encoding"]); enc != nil {
		diffs := f.arrayOf(enc["Differences"])
		code := -1
		for _, x := range diffs {
			switch t := f.resolve(x).(type) {
			case float64:
				code = int(t)
			case pdfName:
				if code >= 0 && code < 256 {
					if r, ok := glyphRune(string(t)); ok {
						if font.diffs == nil {
							font.diffs = map[byte]rune{}
						}
						font.diffs[byte(code)] = r
					}
				}
				code++
			}
		}
	}
	return font
}

// fontWidths reads a font's glyph widths: /FirstChar and /Widths for a
// simple font, the descendant's /W and /DW for a Type0 font. Without them
// a glyph is taken to be half an em, as in most text fonts.
func (f *pdfFile) fontWidths(d pdfDict, twoByte bool) (map[uint32]float64, float64) {
	w := map[uint32]float64{}
	if !twoByte {
		first, _ := f.intOf(d["FirstChar"])
		for i, x := range f.arrayOf(d["Widths"]) {
			if v, ok := f.resolve(x).(float64); ok && i < 65536 {
				w[uint32(first+i)] = v
			}
		}
		return w, 500
	}
	dw := 1000.0
	desc := f.arrayOf(d["DescendantFonts"])
	if len(desc) == 0 {
		return w, dw
	}
	cid := f.dictOf(desc[0])
	if v, ok := f.resolve(cid["DW"]).(float64); ok {
		dw = v
	}
	arr := f.arrayOf(cid["W"])
	for i := 0; i < len(arr) && len(w) < 65536; {
		c0, ok := f.resolve(arr[i]).(float64)
		if !ok || i+1 >= len(arr) {
			break
		}
		if list, isList := f.resolve(arr[i+1]).([]any); isList {
			for k, x := range list {
				if v, ok := f.resolve(x).(float64); ok {
					w[uint32(int(c0)+k)] = v
				}
			}
			i += 2
			continue
		}
		c1, ok1 := f.resolve(arr[i+1]).(float64)
		if i+2 >= len(arr) || !ok1 || c1 < c0 || c1-c0 > 65535 {
			break
		}
		if v, ok := f.resolve(arr[i+2]).(float64); ok {
			for c := int(c0); c <= int(c1); c++ {
				w[uint32(c)] = v
			}
		}
		i += 3
	}
	return w, dw
}

// width is the width of a shown string in thousandths of the font size.
func (font *pdfFont) width(s []byte) float64 {
	total := 0.0
	step := 1
	if font.twoByte || font.codeLen == 2 {
		step = 2
	}
	for i := 0; i+step <= len(s); i += step {
		code := uint32(s[i])
		if step == 2 {
			code = code<<8 | uint32(s[i+1])
		}
		if v, ok := font.widths[code]; ok && v > 0 {
			total += v
		} else if font.dw > 0 {
			total += font.dw
		} else {
			total += 500
		}
	}
	return total
}

// decode turns a shown string into text.
func (font *pdfFont) decode(s []byte) string {
	var b strings.Builder
	if font.twoByte || font.codeLen == 2 {
		for i := 0; i+1 < len(s); i += 2 {
			code := uint32(s[i])<<8 | uint32(s[i+1])
			if u, ok := font.lookup(code); ok {
				b.WriteString(u)
			} else if !font.twoByte {
				b.WriteRune(winAnsi(s[i]))
				b.WriteRune(winAnsi(s[i+1]))
			}
		}
		return b.String()
	}
	for _, c := range s {
		if u, ok := font.lookup(uint32(c)); ok {
			b.WriteString(u)
			continue
		}
		if r, ok := font.diffs[c]; ok {
			b.WriteRune(r)
			continue
		}
		b.WriteRune(winAnsi(c))
	}
	return b.String()
}

// cmapRange maps codes lo..hi to base, base+1 ... in the last character.
type cmapRange struct {
	lo, hi uint32
	base   []rune
}

func (font *pdfFont) lookup(code uint32) (string, bool) {
	if u, ok := font.toUnicode[code]; ok {
		return u, true
	}
	for _, r := range font.ranges {
		if code >= r.lo && code <= r.hi {
			out := append([]rune{}, r.base...)
			out[len(out)-1] += rune(code - r.lo)
			return string(out), true
		}
	}
	return "", false
}

// parseCMap reads the bfchar and bfrange sections of a ToUnicode CMap.
func parseCMap(b []byte) (map[uint32]string, []cmapRange, int) {
	m := map[uint32]string{}
	var ranges []cmapRange
	codeLen := 0
	lx := &pdfLexer{b: b}
	var toks []any
	for len(toks) < 500000 {
		v, err := lx.next()
		if err != nil {
			break
		}
		toks = append(toks, v)
	}
	hexCode := func(v any) (uint32, int, bool) {
		s, ok := v.(pdfString)
		if !ok || len(s) == 0 || len(s) > 4 {
			return 0, 0, false
		}
		var c uint32
		for _, x := range s {
			c = c<<8 | uint32(x)
		}
		return c, len(s), true
	}
	for i := 0; i < len(toks); i++ {
		k, _ := toks[i].(pdfKeyword)
		switch k {
		case "beginbfchar":
			for i++; i+1 < len(toks); i += 2 {
				if kw, _ := toks[i].(pdfKeyword); kw == "endbfchar" {
					break
				}
				src, n, ok := hexCode(toks[i])
				dst, ok2 := toks[i+1].(pdfString)
				if ok && ok2 {
					m[src] = utf16BE(dst)
					codeLen = n
				}
			}
		case "beginbfrange":
			for i++; i+2 < len(toks); i += 3 {
				if kw, _ := toks[i].(pdfKeyword); kw == "endbfrange" {
					break
				}
				lo, n, ok1 := hexCode(toks[i])
				hi, _, ok2 := hexCode(toks[i+1])
				if !ok1 || !ok2 || hi < lo || hi-lo > 65535 {
					continue
				}
				codeLen = n
				switch dst := toks[i+2].(type) {
				case pdfString:
					base := []rune(utf16BE(dst))
					if len(base) == 0 {
						continue
					}
					if hi-lo > 64 && len(ranges) < 10000 {
						ranges = append(ranges, cmapRange{lo, hi, base})
						continue
					}
					for c := lo; c <= hi; c++ {
						r := append([]rune{}, base...)
						r[len(r)-1] += rune(c - lo)
						m[c] = string(r)
					}
				case []any:
					for j, x := range dst {
						if s, ok := x.(pdfString); ok && lo+uint32(j) <= hi {
							m[lo+uint32(j)] = utf16BE(s)
						}
					}
				}
			}
		}
	}
	return m, ranges, codeLen
}

func utf16BE(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	if len(b) == 1 {
		return string(rune(b[0]))
	}
	return string(utf16.Decode(u))
}

// pdfTextState interprets a content stream's text operators.
type pdfTextState struct {
	f        *pdfFile
	fonts    map[pdfName]any
	xobjects map[pdfName]any
	cache    map[pdfName]*pdfFont
	font     *pdfFont
	size     float64
	tm, tlm  [6]float64
	ctm      [6]float64
	leading  float64
	lastY    float64
	lastX    float64
	started  bool
	buf      strings.Builder
	ops      int
}

func newPDFTextState(f *pdfFile, page pdfDict) *pdfTextState {
	t := &pdfTextState{f: f, cache: map[pdfName]*pdfFont{}, ctm: identity()}
	t.setResources(f.dictOf(page["Resources"]))
	return t
}

func (t *pdfTextState) setResources(res pdfDict) {
	t.fonts = map[pdfName]any{}
	t.xobjects = map[pdfName]any{}
	t.cache = map[pdfName]*pdfFont{}
	if res == nil {
		return
	}
	for k, v := range t.f.dictOf(res["Font"]) {
		t.fonts[k] = v
	}
	for k, v := range t.f.dictOf(res["XObject"]) {
		t.xobjects[k] = v
	}
}

func identity() [6]float64 { return [6]float64{1, 0, 0, 1, 0, 0} }

func mul(a, b [6]float64) [6]float64 {
	return [6]float64{
		a[0]*b[0] + a[1]*b[2], a[0]*b[1] + a[1]*b[3],
		a[2]*b[0] + a[3]*b[2], a[2]*b[1] + a[3]*b[3],
		a[4]*b[0] + a[5]*b[2] + b[4], a[4]*b[1] + a[5]*b[3] + b[5],
	}
}

// run interprets one content stream; depth bounds nested form XObjects.
func (t *pdfTextState) run(content []byte, depth int) {
	lx := &pdfLexer{b: content}
	var operands []any
	var stack [][6]float64
	for {
		v, err := lx.next()
		if err != nil {
			return
		}
		kw, isOp := v.(pdfKeyword)
		if !isOp {
			if len(operands) < 64 {
				operands = append(operands, v)
			}
			continue
		}
		t.ops++
		if t.ops > maxContentOps {
			return
		}
		num := func(i int) float64 {
			if i < len(operands) {
				if f, ok := operands[i].(float64); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
					return f
				}
			}
			return 0
		}
		switch kw {
		case "BI":
			// An inline image: skip to its end.
			if e := bytes.Index(content[lx.pos:], []byte("EI")); e >= 0 {
				lx.pos += e + 2
			} else {
				return
			}
		case "q":
			if len(stack) < 256 {
				stack = append(stack, t.ctm)
			}
		case "Q":
			if len(stack) > 0 {
				t.ctm = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(operands) >= 6 {
				t.ctm = mul([6]float64{num(0), num(1), num(2), num(3), num(4), num(5)}, t.ctm)
			}
		case "BT":
			t.tm, t.tlm = identity(), identity()
		case "Tf":
			if len(operands) >= 2 {
				name, _ := operands[0].(pdfName)
				t.size = num(1)
				t.font = t.fontFor(name)
			}
		case "TL":
			t.leading = num(0)
		case "Td":
			t.moveLine(num(0), num(1))
		case "TD":
			t.leading = -num(1)
			t.moveLine(num(0), num(1))
		case "Tm":
			if len(operands) >= 6 {
				t.tlm = [6]float64{num(0), num(1), num(2), num(3), num(4), num(5)}
				t.tm = t.tlm
			}
		case "T*":
			t.moveLine(0, -t.leading)
		case "Tj":
			if len(operands) >= 1 {
				if s, ok := operands[0].(pdfString); ok {
					t.show(s)
				}
			}
		case "'":
			t.moveLine(0, -t.leading)
			if len(operands) >= 1 {
				if s, ok := operands[0].(pdfString); ok {
					t.show(s)
				}
			}
		case "\"":
			t.moveLine(0, -t.leading)
			if len(operands) >= 3 {
				if s, ok := operands[2].(pdfString); ok {
					t.show(s)
				}
			}
		case "TJ":
			if len(operands) >= 1 {
				arr, _ := operands[0].([]any)
				for _, x := range arr {
					switch e := x.(type) {
					case pdfString:
						t.show(e)
					case float64:
						if e < -180 {
							t.space()
						}
						t.advance(-e / 1000 * t.size)
					}
				}
			}
		case "Do":
			if depth < 8 && len(operands) >= 1 {
				name, _ := operands[0].(pdfName)
				if s, ok := t.f.resolve(t.xobjects[name]).(*pdfStream); ok && t.f.nameOf(s.dict["Subtype"]) == "Form" {
					if b, err := t.f.decodeStream(s); err == nil {
						saveFonts, saveX, saveCache := t.fonts, t.xobjects, t.cache
						if res := t.f.dictOf(s.dict["Resources"]); res != nil {
							t.setResources(res)
						}
						t.run(b, depth+1)
						t.fonts, t.xobjects, t.cache = saveFonts, saveX, saveCache
					}
				}
			}
		}
		operands = operands[:0]
	}
}

func (t *pdfTextState) fontFor(name pdfName) *pdfFont {
	if f, ok := t.cache[name]; ok {
		return f
	}
	f := t.f.loadFont(t.fonts[name])
	t.cache[name] = f
	return f
}

// advance moves the text matrix along the line by tx in text space.
func (t *pdfTextState) advance(tx float64) {
	t.tm[4] += tx * t.tm[0]
	t.tm[5] += tx * t.tm[1]
}

func (t *pdfTextState) moveLine(tx, ty float64) {
	t.tlm = mul([6]float64{1, 0, 0, 1, tx, ty}, t.tlm)
	t.tm = t.tlm
}

func (t *pdfTextState) space() {
	s := t.buf.String()
	if len(s) > 0 && s[len(s)-1] != ' ' && s[len(s)-1] != '\n' {
		t.buf.WriteByte(' ')
	}
}

// show writes a string, first breaking the line if the text has moved to
// another line of the page.
func (t *pdfTextState) show(s []byte) {
	if t.font == nil {
		t.font = &pdfFont{}
	}
	text := t.font.decode(s)
	if text == "" {
		return
	}
	m := mul(t.tm, t.ctm)
	x, y := m[4], m[5]
	size := math.Abs(t.size * m[3])
	if size == 0 {
		size = math.Abs(t.size)
	}
	if size == 0 {
		size = 10
	}
	if t.started {
		dy := t.lastY - y
		switch {
		case math.Abs(dy) > size*0.5:
			if dy > size*1.9 || dy < 0 {
				t.buf.WriteString("\n\n")
			} else {
				t.buf.WriteByte('\n')
			}
		case x > t.lastX+size*2.5:
			// A wide gap on one line: the next column of a form.
			t.buf.WriteByte('\t')
		case x > t.lastX+size*0.2:
			t.space()
		}
	}
	t.started = true
	t.buf.WriteString(text)
	// Advance roughly by the string's width, so that the next piece on the
	// same line is known to follow it rather than to start a new column.
	adv := t.font.width(s) / 1000 * t.size // in text space
	t.advance(adv)
	t.lastY = y
	t.lastX = mul(t.tm, t.ctm)[4]
}

// cleanExtracted drops control characters and trailing spaces from text
// taken out of a file.
func cleanExtracted(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r':
		case r == utf8.RuneError, r < 0x20, r == 0x7f:
		case r == '\u00a0':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// winAnsi maps a WinAnsiEncoding byte to its character.
func winAnsi(c byte) rune {
	if c < 0x80 || c >= 0xa0 {
		return rune(c)
	}
	return cp1252High[c-0x80]
}

var cp1252High = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ',
}

// glyphRune maps the glyph names that Differences arrays use to characters:
// "uniXXXX", "quoteright" and the like, and single letters.
func glyphRune(name string) (rune, bool) {
	if len(name) == 1 {
		return rune(name[0]), true
	}
	if strings.HasPrefix(name, "uni") && len(name) == 7 {
		if v, err := strconv.ParseUint(name[3:], 16, 32); err == nil {
			return rune(v), true
		}
	}
	if r, ok := glyphNames[name]; ok {
		return r, true
	}
	return 0, false
}

var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$', "percent": '%',
	"ampersand": '&', "quotesingle": '\'', "quoteright": '’', "quoteleft": '‘', "parenleft": '(',
	"parenright": ')', "asterisk": '*', "plus": '+', "comma": ',', "hyphen": '-', "period": '.',
	"slash": '/', "zero": '0', "one": '1', "two": '2', "three": '3', "four": '4', "five": '5',
	"six": '6', "seven": '7', "eight": '8', "nine": '9', "colon": ':', "semicolon": ';',
	"less": '<', "equal": '=', "greater": '>', "question": '?', "at": '@', "bracketleft": '[',
	"backslash": '\\', "bracketright": ']', "underscore": '_', "endash": '–', "emdash": '—',
	"quotedblleft": '“', "quotedblright": '”', "bullet": '•', "sterling": '£', "section": '§',
	"fi": 'ﬁ', "fl": 'ﬂ', "ellipsis": '…',
}
