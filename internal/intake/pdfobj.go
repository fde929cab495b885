package intake

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// This file is a small reader of the PDF object syntax (ISO 32000-1 §7.3),
// enough to find the pages, their fonts and their content streams. It is
// written for hostile input: every read is bounded, nesting is limited, and
// a malformed object yields an error or a null, never a panic or a loop.

// pdfName is a PDF name object, without its slash.
type pdfName string

// pdfRef is an indirect reference "N G R".
type pdfRef struct{ num, gen int }

// pdfDict is a PDF dictionary.
type pdfDict map[pdfName]any

// pdfStream is a stream object: its dictionary and its raw (still encoded) bytes.
type pdfStream struct {
	dict pdfDict
	raw  []byte
}

// pdfString is a string object's bytes (literal or hex).
type pdfString []byte

// pdfKeyword is an operator or other bare word (true, false, null, Tj ...).
type pdfKeyword string

const (
	maxPDFNesting     = 64
	maxDecodedStream  = 32 << 20 // one decoded stream
	maxDecodedTotal   = 96 << 20 // all decoded streams of one file
	maxPDFObjects     = 200000
	maxContentOps     = 2000000
	maxTextFromPDF    = 4 << 20
	maxObjStmEntries  = 100000
	maxPageTreeVisits = 100000
)

// pdfLexer reads PDF tokens from a byte slice.
type pdfLexer struct {
	b     []byte
	pos   int
	depth int
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *pdfLexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isPDFSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

var errPDFEnd = errors.New("unexpected end of PDF data")

// next reads one object or keyword. Arrays and dictionaries are read whole;
// "N G R" is folded into a pdfRef.
func (l *pdfLexer) next() (any, error) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, errPDFEnd
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		l.pos++
		start := l.pos
		for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
			l.pos++
		}
		return pdfName(decodeNameEscapes(l.b[start:l.pos])), nil
	case c == '(':
		return l.literalString()
	case c == '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return l.dict()
		}
		return l.hexString()
	case c == '[':
		l.pos++
		return l.array()
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		l.pos++
		return pdfKeyword(string(c)), nil
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		return l.number()
	}
	start := l.pos
	for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
		l.pos++
	}
	if l.pos == start {
		l.pos++
	}
	switch w := string(l.b[start:l.pos]); w {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	default:
		return pdfKeyword(w), nil
	}
}

func decodeNameEscapes(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

func (l *pdfLexer) number() (any, error) {
	start := l.pos
	l.pos++
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' {
			l.pos++
			continue
		}
		break
	}
	s := string(l.b[start:l.pos])
	if i, err := strconv.Atoi(s); err == nil {
		// "N G R": look ahead without consuming when it is not a reference.
		save := l.pos
		l.skipSpace()
		gStart := l.pos
		for l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '9' {
			l.pos++
		}
		if l.pos > gStart {
			g, gerr := strconv.Atoi(string(l.b[gStart:l.pos]))
			l.skipSpace()
			if gerr == nil && l.pos < len(l.b) && l.b[l.pos] == 'R' &&
				(l.pos+1 == len(l.b) || isPDFSpace(l.b[l.pos+1]) || isPDFDelim(l.b[l.pos+1])) {
				l.pos++
				return pdfRef{i, g}, nil
			}
		}
		l.pos = save
		return float64(i), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0.0, nil // a malformed number reads as zero, as readers do
	}
	return f, nil
}

func (l *pdfLexer) literalString() (any, error) {
	l.pos++ // (
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
			out = append(out, c)
		case ')':
			depth--
			if depth == 0 {
				return pdfString(out), nil
			}
			out = append(out, c)
		case '\\':
			if l.pos >= len(l.b) {
				return pdfString(out), nil
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		default:
			out = append(out, c)
		}
	}
	return pdfString(out), nil
}

func (l *pdfLexer) hexString() (any, error) {
	l.pos++ // <
	var digits []byte
	for l.pos < len(l.b) && l.b[l.pos] != '>' {
		c := l.b[l.pos]
		if (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') {
			digits = append(digits, c)
		}
		l.pos++
	}
	if l.pos < len(l.b) {
		l.pos++ // >
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	_, _ = hex.Decode(out, digits)
	return pdfString(out), nil
}

func (l *pdfLexer) array() (any, error) {
	l.depth++
	defer func() { l.depth-- }()
	if l.depth > maxPDFNesting {
		return nil, errors.New("PDF objects nested too deeply")
	}
	var arr []any
	for {
		v, err := l.next()
		if err != nil {
			return arr, err
		}
		if k, ok := v.(pdfKeyword); ok && k == "]" {
			return arr, nil
		}
		arr = append(arr, v)
	}
}

func (l *pdfLexer) dict() (any, error) {
	l.depth++
	defer func() { l.depth-- }()
	if l.depth > maxPDFNesting {
		return nil, errors.New("PDF objects nested too deeply")
	}
	d := pdfDict{}
	for {
		l.skipSpace()
		if l.pos+1 < len(l.b) && l.b[l.pos] == '>' && l.b[l.pos+1] == '>' {
			l.pos += 2
			return d, nil
		}
		k, err := l.next()
		if err != nil {
			return d, err
		}
		name, ok := k.(pdfName)
		if !ok {
			if kw, isKw := k.(pdfKeyword); isKw && kw == ">" {
				return d, nil
			}
			continue
		}
		v, err := l.next()
		if err != nil {
			return d, err
		}
		d[name] = v
	}
}

// pdfFile is the objects of one PDF, found by scanning for "N G obj" rather
// than trusting the cross-reference table, so that a damaged or
// incrementally updated file still reads (the last definition wins, as in
// an update).
type pdfFile struct {
	objs    map[int]any
	trailer pdfDict
	decoded int
}

func (f *pdfFile) resolve(v any) any {
	for range 16 {
		r, ok := v.(pdfRef)
		if !ok {
			return v
		}
		v = f.objs[r.num]
	}
	return nil
}

func (f *pdfFile) dictOf(v any) pdfDict {
	switch t := f.resolve(v).(type) {
	case pdfDict:
		return t
	case *pdfStream:
		return t.dict
	}
	return nil
}

func (f *pdfFile) arrayOf(v any) []any {
	a, _ := f.resolve(v).([]any)
	return a
}

func (f *pdfFile) nameOf(v any) pdfName {
	n, _ := f.resolve(v).(pdfName)
	return n
}

func (f *pdfFile) intOf(v any) (int, bool) {
	n, ok := f.resolve(v).(float64)
	return int(n), ok
}

// parsePDFObjects reads every "N G obj ... endobj" in data, then the
// objects packed in object streams.
func parsePDFObjects(data []byte) (*pdfFile, error) {
	f := &pdfFile{objs: map[int]any{}}
	objKw := []byte("obj")
	var objStms []*pdfStream
	for i := 0; i < len(data); {
		j := bytes.Index(data[i:], objKw)
		if j < 0 {
			break
		}
		at := i + j
		i = at + len(objKw)
		if i < len(data) && !isPDFSpace(data[i]) && !isPDFDelim(data[i]) {
			continue // "endobj" or a word that merely contains obj
		}
		num, gen, ok := objHeaderBefore(data, at)
		if !ok {
			continue
		}
		if len(f.objs) >= maxPDFObjects {
			return nil, errors.New("too many objects in the PDF")
		}
		lx := &pdfLexer{b: data, pos: i}
		v, err := lx.next()
		if err != nil && !errors.Is(err, errPDFEnd) {
			continue
		}
		_ = gen
		lx.pos = min(lx.pos, len(data))
		if d, isDict := v.(pdfDict); isDict {
			save := lx.pos
			lx.skipSpace()
			if bytes.HasPrefix(data[lx.pos:], []byte("stream")) {
				start := lx.pos + len("stream")
				if start < len(data) && data[start] == '\r' {
					start++
				}
				if start < len(data) && data[start] == '\n' {
					start++
				}
				end := -1
				if n, ok := d["Length"].(float64); ok && n >= 0 && start+int(n) <= len(data) {
					after := data[start+int(n):]
					k := 0
					for k < len(after) && k < 4 && isPDFSpace(after[k]) {
						k++
					}
					if bytes.HasPrefix(after[k:], []byte("endstream")) {
						end = start + int(n)
					}
				}
				if end < 0 {
					e := bytes.Index(data[start:], []byte("endstream"))
					if e < 0 {
						e = len(data) - start
					}
					end = start + e
					for end > start && (data[end-1] == '\n' || data[end-1] == '\r') {
						end--
					}
				}
				s := &pdfStream{dict: d, raw: data[start:end]}
				f.objs[num] = s
				if t, _ := d["Type"].(pdfName); t == "ObjStm" {
					objStms = append(objStms, s)
				}
				i = end
				continue
			}
			lx.pos = save
		}
		f.objs[num] = v
		i = lx.pos
	}
	for _, s := range objStms {
		f.unpackObjStm(s)
	}
	f.trailer = findTrailer(data, f)
	return f, nil
}

// objHeaderBefore reads "N G " just before the "obj" keyword at at.
func objHeaderBefore(data []byte, at int) (num, gen int, ok bool) {
	p := at
	readInt := func() (int, bool) {
		for p > 0 && isPDFSpace(data[p-1]) {
			p--
		}
		end := p
		for p > 0 && data[p-1] >= '0' && data[p-1] <= '9' && end-p < 10 {
			p--
		}
		if p == end {
			return 0, false
		}
		n, err := strconv.Atoi(string(data[p:end]))
		return n, err == nil
	}
	if at == 0 || !isPDFSpace(data[at-1]) {
		return 0, 0, false
	}
	gen, ok1 := readInt()
	num, ok2 := readInt()
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	return num, gen, true
}

func (f *pdfFile) unpackObjStm(s *pdfStream) {
	body, err := f.decodeStream(s)
	if err != nil {
		return
	}
	n, _ := f.intOf(s.dict["N"])
	first, _ := f.intOf(s.dict["First"])
	if n <= 0 || n > maxObjStmEntries || first < 0 || first > len(body) {
		return
	}
	lx := &pdfLexer{b: body[:first]}
	type entry struct{ num, off int }
	var entries []entry
	for k := 0; k < n; k++ {
		a, err1 := lx.next()
		b, err2 := lx.next()
		an, ok1 := a.(float64)
		bn, ok2 := b.(float64)
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			break
		}
		entries = append(entries, entry{int(an), int(bn)})
	}
	for _, e := range entries {
		if _, exists := f.objs[e.num]; exists {
			continue
		}
		if e.off < 0 || first+e.off >= len(body) {
			continue
		}
		ol := &pdfLexer{b: body, pos: first + e.off}
		v, err := ol.next()
		if err == nil {
			f.objs[e.num] = v
		}
	}
}

// findTrailer finds the document's trailer: the last "trailer" dictionary,
// or else the dictionary of the last cross-reference stream.
func findTrailer(data []byte, f *pdfFile) pdfDict {
	if i := bytes.LastIndex(data, []byte("trailer")); i >= 0 {
		lx := &pdfLexer{b: data, pos: i + len("trailer")}
		if v, err := lx.next(); err == nil {
			if d, ok := v.(pdfDict); ok {
				return d
			}
		}
	}
	var best pdfDict
	bestNum := -1
	for num, o := range f.objs {
		if s, ok := o.(*pdfStream); ok {
			if t, _ := s.dict["Type"].(pdfName); t == "XRef" && num > bestNum {
				best, bestNum = s.dict, num
			}
		}
	}
	return best
}

// decodeStream undoes a stream's filters. Image filters are not decoded:
// images carry no text.
func (f *pdfFile) decodeStream(s *pdfStream) ([]byte, error) {
	filters := []any{}
	switch v := f.resolve(s.dict["Filter"]).(type) {
	case pdfName:
		filters = append(filters, v)
	case []any:
		filters = v
	}
	parms := []any{}
	switch v := f.resolve(s.dict["DecodeParms"]).(type) {
	case pdfDict:
		parms = append(parms, v)
	case []any:
		parms = v
	}
	b := s.raw
	for i, fl := range filters {
		var p pdfDict
		if i < len(parms) {
			p = f.dictOf(parms[i])
		}
		var err error
		switch f.nameOf(fl) {
		case "FlateDecode", "Fl":
			b, err = f.inflate(b)
			if err == nil && p != nil {
				b, err = f.unpredict(b, p)
			}
		case "ASCIIHexDecode", "AHx":
			b = asciiHexDecode(b)
		case "ASCII85Decode", "A85":
			b, err = ascii85Decode(b)
		default:
			return nil, fmt.Errorf("unsupported PDF filter %s", f.nameOf(fl))
		}
		if err != nil {
			return nil, err
		}
	}
	return b, nil
}

func (f *pdfFile) inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("PDF stream: %w", err)
	}
	defer zr.Close()
	limit := min(maxDecodedStream, maxDecodedTotal-f.decoded)
	out, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	if len(out) > limit {
		return nil, errors.New("PDF stream unpacks to more than the limit (a compression bomb?)")
	}
	f.decoded += len(out)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && len(out) == 0 {
		return nil, fmt.Errorf("PDF stream: %w", err)
	}
	return out, nil // a truncated stream keeps what it had, as readers do
}

// unpredict undoes the PNG predictors of a FlateDecode stream (used by
// cross-reference and object streams).
func (f *pdfFile) unpredict(b []byte, p pdfDict) ([]byte, error) {
	pred, _ := f.intOf(p["Predictor"])
	if pred < 10 {
		return b, nil
	}
	cols, ok := f.intOf(p["Columns"])
	if !ok || cols <= 0 {
		cols = 1
	}
	colors, ok := f.intOf(p["Colors"])
	if !ok || colors <= 0 {
		colors = 1
	}
	bpc, ok := f.intOf(p["BitsPerComponent"])
	if !ok || bpc <= 0 {
		bpc = 8
	}
	if cols > 1<<16 || colors > 64 || bpc > 16 {
		return nil, errors.New("PDF stream: implausible predictor parameters")
	}
	bpp := max(1, colors*bpc/8)
	row := (cols*colors*bpc + 7) / 8
	var out []byte
	prev := make([]byte, row)
	for i := 0; i+row+1 <= len(b); i += row + 1 {
		t := b[i]
		cur := make([]byte, row)
		copy(cur, b[i+1:i+1+row])
		for k := 0; k < row; k++ {
			var a, c byte
			if k >= bpp {
				a = cur[k-bpp]
				c = prev[k-bpp]
			}
			up := prev[k]
			switch t {
			case 1:
				cur[k] += a
			case 2:
				cur[k] += up
			case 3:
				cur[k] += byte((int(a) + int(up)) / 2)
			case 4:
				cur[k] += paeth(a, up, c)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func asciiHexDecode(b []byte) []byte {
	var digits []byte
	for _, c := range b {
		if c == '>' {
			break
		}
		if (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') {
			digits = append(digits, c)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	_, _ = hex.Decode(out, digits)
	return out
}

func ascii85Decode(b []byte) ([]byte, error) {
	var out []byte
	var group [5]byte
	n := 0
	for _, c := range b {
		if c == '~' {
			break
		}
		if isPDFSpace(c) {
			continue
		}
		if c == 'z' && n == 0 {
			out = append(out, 0, 0, 0, 0)
			continue
		}
		if c < '!' || c > 'u' {
			return nil, errors.New("PDF stream: bad ASCII85 data")
		}
		group[n] = c - '!'
		n++
		if n == 5 {
			v := uint32(0)
			for _, g := range group {
				v = v*85 + uint32(g)
			}
			out = append(out, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
			n = 0
		}
	}
	if n > 1 {
		for k := n; k < 5; k++ {
			group[k] = 84
		}
		v := uint32(0)
		for _, g := range group {
			v = v*85 + uint32(g)
		}
		full := []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
		out = append(out, full[:n-1]...)
	}
	return out, nil
}
