package intake

import (
	"regexp"
	"strconv"
	"strings"
)

// Evidence is the exact text a field's value came from: Text is
// doc.Text[Start:End], byte offsets, End exclusive.
type Evidence struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Result is what intake finds in one document.
type Result struct {
	Record   Record              `json:"record"`
	Evidence map[string]Evidence `json:"evidence"`
	Findings []Finding           `json:"findings,omitempty"`
	Sender   *Sender             `json:"sender,omitempty"`
	Notes    []string            `json:"notes,omitempty"`
}

// Find fills a request record from a document's text. It fills a field
// only where the document states it, and keeps for each field the words it
// came from; it never guesses.
func Find(doc *Document) Result {
	f := &finder{text: doc.Text, ev: map[string]Evidence{}}
	f.splitLines()
	f.header(doc)
	f.labels()
	if f.sought[1] > 0 {
		f.fromInformationSought(f.sought[0], f.sought[1])
	}
	f.prose()
	f.fromEmail(doc)
	f.kind()
	f.force()
	f.legalBasis()
	res := Result{Record: f.rec, Evidence: f.ev, Sender: doc.Sender, Notes: doc.Notes}
	res.Findings = senderFindings(doc.Sender, f.rec)
	return res
}

type line struct {
	start, end int // offsets of the line in the text, without its newline
}

type finder struct {
	text  string
	lines []line
	rec   Record
	ev    map[string]Evidence
	// used marks the spans of text already taken by a labelled value, so
	// that the prose pass does not read them again for another field.
	used [][2]int
	// sought is the labelled description of what is sought, read for a
	// period and topic once every box has been read.
	sought [2]int
	// labelStart is where the label of the value being assigned starts.
	labelStart int
	// headerEnd is where an email's header block ends.
	headerEnd int
}

// header finds the block of mail headers the text starts with: an email's,
// or one pasted from a mail client ("From: ... Sent: ... To: ... Subject:").
// Its lines are read as the email's, not as boxes of a form.
func (f *finder) header(doc *Document) {
	if doc.Format == FormatEmail {
		if i := strings.Index(f.text, "\n\n"); i >= 0 {
			f.headerEnd = i
		}
		return
	}
	n := 0
	for i := range f.lines {
		t := f.lineText(i)
		if strings.TrimSpace(t) == "" {
			if n >= 2 {
				f.headerEnd = f.lines[i].start
				f.pastedHeader()
			}
			return
		}
		k, _, ok := strings.Cut(t, ":")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "from", "sent", "to", "cc", "subject", "date":
			if ok {
				n++
				continue
			}
		}
		return
	}
}

// pastedHeader reads the sender and date of a pasted email.
func (f *finder) pastedHeader() {
	for i := range f.lines {
		l := f.lines[i]
		if l.start >= f.headerEnd {
			return
		}
		t := f.lineText(i)
		k, v, _ := strings.Cut(t, ":")
		off := l.start + len(k) + 1
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "from":
			if m := emailRe.FindStringIndex(v); m != nil && f.set("sender_email", off+m[0], off+m[1]) {
				f.rec.SenderEmail = strings.ToLower(v[m[0]:m[1]])
				c := "email"
				if strings.HasSuffix(f.rec.SenderEmail, "cjsm.net") {
					c = "secure_email"
				}
				if f.set("channel", off+m[0], off+m[1]) {
					f.rec.Channel = c
				}
			}
		case "sent", "date":
			if ds := findDates(v); len(ds) > 0 {
				f.setDate("request_date", off+ds[0].start, off+ds[0].end, ds[0].iso)
			}
		}
	}
}

func (f *finder) splitLines() {
	start := 0
	for i := 0; i <= len(f.text); i++ {
		if i == len(f.text) || f.text[i] == '\n' {
			f.lines = append(f.lines, line{start, i})
			start = i + 1
		}
	}
}

func (f *finder) lineText(i int) string { return f.text[f.lines[i].start:f.lines[i].end] }

// set records a field's value and its evidence, unless already filled.
func (f *finder) set(field string, start, end int) bool {
	if _, done := f.ev[field]; done {
		return false
	}
	start, end = trimSpan(f.text, start, end)
	if start >= end {
		return false
	}
	f.ev[field] = Evidence{Text: f.text[start:end], Start: start, End: end}
	return true
}

func (f *finder) filled(field string) bool { _, ok := f.ev[field]; return ok }

// trimSpan narrows a span past surrounding spaces and stray punctuation.
func trimSpan(s string, start, end int) (int, int) {
	for start < end && strings.ContainsRune(" \t\n\r:;,-–—•*", rune(s[start])) {
		start++
	}
	for end > start && strings.ContainsRune(" \t\n\r:;,", rune(s[end-1])) {
		end--
	}
	return start, end
}

// flat is text as a field value: runs of white space made one space.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// ---- labelled boxes ----

// labelDef is one field's labels: the words a form or a structured email
// puts before the value.
type labelDef struct {
	key string
	re  *regexp.Regexp
	// loose also takes a few more words after the label before a colon or
	// question mark ("Age of victim at time of request:"); nil for the
	// generic labels, where more words change the meaning ("Date of birth").
	loose *regexp.Regexp
	// wrapped is the label alone, with a few more words, for a label set
	// over two lines.
	wrapped *regexp.Regexp
}

var labelDefs = func() []labelDef {
	defs := []struct{ key, re string }{
		{"requester.name", `(?:requesting|applicant|requester['’]?s?|investigating)\s+officer['’]?s?\s+name|name\s+of\s+(?:the\s+)?(?:requesting|applicant|investigating)\s+officer|requester\s+name`},
		{"requester.rank", `(?:requesting|applicant)\s+officer['’]?s?\s+rank|rank\s+of\s+(?:the\s+)?requesting\s+officer`},
		{"requester.email", `e-?mail(?:\s+address)?\s+of\s+(?:the\s+)?(?:requesting|applicant)\s+officer|(?:requesting|applicant)\s+officer['’]?s?\s+e-?mail(?:\s+address)?`},
		{"authoriser.name", `(?:authoris|authoriz)ing\s+officer['’]?s?\s+name|name\s+of\s+(?:the\s+)?(?:authoris|authoriz)ing\s+officer|authoriser['’]?s?\s+name`},
		{"authoriser.rank", `(?:authoris|authoriz)ing\s+officer['’]?s?\s+rank|rank\s+of\s+(?:the\s+)?(?:authoris|authoriz)ing\s+officer|authoriser['’]?s?\s+rank`},
		{"authoriser.email", `e-?mail(?:\s+address)?\s+of\s+(?:the\s+)?(?:authoris|authoriz)ing\s+officer|(?:authoris|authoriz)ing\s+officer['’]?s?\s+e-?mail(?:\s+address)?|authoriser['’]?s?\s+e-?mail`},
		{"authoriser.authorised_on", `date\s+of\s+(?:the\s+)?(?:authorisation|authorization)|(?:authorisation|authorization)\s+date|date\s+(?:authorised|authorized)|(?:authorised|authorized)\s+on`},
		{"requester", `name\s+(?:and|&)\s+rank\s+of\s+(?:the\s+)?(?:requesting|applicant|investigating)\s+officer|(?:requesting|applicant)\s+officer['’]?s?\s+name\s+(?:and|&)\s+rank|requesting\s+officer|officer\s+making\s+(?:the|this)\s+request|requested\s+by|request\s+made\s+by|applicant|requester|officer\s+requesting|investigating\s+officer|officer\s+in\s+(?:the\s+)?case`},
		{"authoriser", `name\s+(?:and|&)\s+rank\s+of\s+(?:the\s+)?(?:authoris|authoriz)ing\s+officer|(?:authoris|authoriz)ing\s+officer['’]?s?\s+name\s+(?:and|&)\s+rank|authori[sz]ed|(?:authorising|authorizing)\s+officer|(?:authorised|authorized|approved)\s+by|authoriser|authorizer|authorisation|authorization|senior\s+authorising\s+officer`},
		{"received_on", `date\s+received|received\s+on|date\s+of\s+receipt`},
		{"request_date", `date\s+of\s+(?:the\s+|this\s+)?request|request\s+date|date\s+of\s+letter|date\s+requested`},
		{"force", `(?:police\s+)?force|issuing\s+force|requesting\s+force|force\s+name|police\s+service|law\s+enforcement\s+agency`},
		{"channel", `method\s+of\s+(?:delivery|request|sending)|sent\s+by|delivered\s+by|channel`},
		{"kind", `type\s+of\s+request|request\s+type|nature\s+of\s+(?:the\s+)?request`},
		{"information_sought", `what\s+(?:information|material|records?|notes)\s+(?:do\s+you|are\s+you)\s+(?:want|seeking|requesting|need|require)|what\s+(?:information\s+)?(?:do\s+you\s+want|is\s+being\s+(?:sought|requested))|(?:description\s+of\s+(?:the\s+)?)?(?:information|material|records?|data|notes)\s+(?:sought|requested|required|being\s+requested|being\s+sought)|(?:details\s+of|description\s+of)\s+(?:the\s+)?(?:information|material)(?:\s+sought|\s+requested)?|what\s+(?:information\s+)?is\s+(?:sought|requested|being\s+requested)|specific\s+information\s+sought`},
		{"period", `(?:time\s+)?period\s+of\s+(?:the\s+)?(?:records|notes|sessions|material)\s+(?:sought|requested|required)|(?:time\s+)?period(?:\s+(?:covered|of\s+(?:the\s+)?(?:records|notes|sessions)|sought|requested))?|date\s+range|dates\s+of\s+(?:the\s+)?(?:sessions|records|notes)(?:\s+sought)?|relevant\s+period`},
		{"period.from", `period\s+from|from\s+date|start\s+date|start\s+of\s+period|date\s+from`},
		{"period.to", `period\s+to|to\s+date|end\s+date|end\s+of\s+period|date\s+to`},
		{"topic", `topic|issue|specific\s+issue|subject\s+matter|incident|the\s+issue\s+(?:to\s+which\s+)?(?:the\s+)?(?:request|information)\s+relates(?:\s+to)?|issue\s+or\s+incident|matter\s+under\s+investigation|incident\s+under\s+investigation`},
		{"reason", `why\s+do\s+you\s+(?:want|need|require)\s+(?:it|this|the\s+(?:information|material|records?|notes))|why\s+(?:is|are)\s+(?:the\s+|this\s+)?(?:information|material|records?|notes)\s+(?:sought|needed|required|requested)|reasons?(?:\s+(?:for|why)\s+(?:the\s+|this\s+)?(?:request|information\s+is\s+(?:sought|required)|it\s+is\s+sought))?|why\s+(?:the\s+)?information\s+is\s+(?:sought|required|held)|grounds\s+for\s+(?:the\s+)?request|reason\s+to\s+believe\s+(?:the\s+)?(?:provider|service)\s+holds?\s+(?:the\s+)?information`},
		{"reasonable_line_of_enquiry", `(?:relevance\s+to\s+(?:a\s+)?)?(?:reasonable\s+)?lines?\s+of\s+(?:enquiry|inquiry)`},
		{"necessity_and_proportionality", `proportionality\s+(?:and|&)\s+necessity|why\s+is\s+(?:this|the\s+request|it|the\s+information)\s+(?:request\s+)?necessary\s+and\s+proportionate|necessity\s+(?:and|&)\s+proportionality|necessary\s+(?:and|&)\s+proportionate|why\s+(?:the\s+request\s+is\s+)?necessary\s+and\s+proportionate|proportionality|necessity`},
		{"substantial_probative_value", `why\s+(?:the\s+)?(?:information|material|notes|records)\s+(?:is|are)\s+likely\s+to\s+(?:have|be\s+of)\s+substantial\s+probative\s+value|(?:substantial\s+)?probative\s+value|likely\s+(?:substantial\s+)?probative\s+value`},
		{"handling", `how\s+will\s+(?:the\s+|this\s+)?(?:material|information|records?|notes)\s+be\s+(?:handled|stored|dealt\s+with|used|managed)|handling(?:\s+(?:of\s+(?:the\s+)?(?:information|material|records)|arrangements|and\s+(?:retention|storage|security)|conditions))?|how\s+(?:the\s+)?(?:information|material)\s+will\s+be\s+(?:dealt\s+with|handled|stored|used)|storage(?:,?\s+(?:access|handling|security))*(?:\s+and\s+(?:retention|handling|access))?|(?:information\s+)?(?:security|management)\s+and\s+retention|retention\s+and\s+disclosure`},
		{"omitted_statements_ground", `grounds?\s+for\s+omitt?ing(?:\s+(?:statements|reasons|information))?|(?:statements|information)\s+omitted(?:\s+from\s+(?:the\s+)?request)?|omitted\s+statements|reason\s+for\s+omission`},
		{"victim.age", `(?:victim['’]?s?|client['’]?s?|complainant['’]?s?)\s+age|age\s+of\s+(?:the\s+)?(?:victim|client|complainant|data\s+subject)|age(?:\s+at\s+(?:the\s+)?(?:date\s+of\s+)?request)?`},
		{"victim.lacks_capacity", `does\s+the\s+(?:victim|client)\s+(?:lack|have)\s+(?:mental\s+)?capacity|(?:does\s+the\s+(?:victim|client)\s+)?lacks?\s+(?:mental\s+)?capacity|(?:mental\s+)?capacity(?:\s+to\s+consent)?`},
		{"victim.in_local_authority_care", `is\s+the\s+(?:victim|client|child)\s+in\s+(?:the\s+care\s+of\s+(?:a|the)\s+local\s+authority|local\s+authority\s+care|care)|looked\s+after\s+by\s+(?:a|the)\s+local\s+authority|(?:in\s+)?(?:the\s+care\s+of\s+(?:a|the)\s+)?local\s+authority(?:\s+care)?|looked\s+after\s+child|in\s+care`},
		{"victim.in_voluntary_organisation_care", `is\s+the\s+(?:victim|client|child)\s+in\s+the\s+care\s+of\s+a\s+voluntary\s+organisation|(?:in\s+)?(?:the\s+care\s+of\s+a\s+)?voluntary\s+organisation(?:\s+care)?`},
		{"notice.given_on", `date\s+(?:of\s+)?notice(?:\s+(?:given|served))?|notice\s+given\s+on|date\s+notice\s+(?:was\s+)?(?:given|served)|date\s+given`},
		{"notice.to", `notice\s+given\s+to|(?:notice\s+)?recipient(?:\s+of\s+(?:the\s+)?notice)?|given\s+to|notice\s+served\s+on`},
		{"notice.ground", `grounds?\s+for\s+(?:withholding|not\s+giving)(?:\s+(?:the\s+)?notice)?|reason\s+(?:for\s+)?notice\s+(?:was\s+)?(?:withheld|not\s+given)|reason\s+for\s+withholding(?:\s+notice)?`},
		{"notice.explanation", `(?:notice\s+)?explanation|notice\s+details|details\s+of\s+(?:the\s+)?notice`},
		{"notice", `notice\s+(?:given|served|provided)(?:\s+to\s+(?:the\s+)?(?:victim|client))?|has\s+the\s+(?:victim|client)\s+been\s+(?:given\s+(?:written\s+)?notice|notified|informed|told)(?:\s+of\s+(?:this|the)\s+request)?|has\s+(?:written\s+)?notice\s+been\s+given(?:\s+to\s+the\s+(?:victim|client))?(?:\s+of\s+(?:this|the)\s+request)?|(?:s\.?\s*44B\s+)?notice(?:\s+to\s+(?:the\s+)?(?:victim|client|data\s+subject))?(?:\s+status)?|notification\s+(?:of|to)\s+(?:the\s+)?(?:victim|client)|has\s+the\s+(?:victim|client)\s+been\s+(?:notified|informed|given\s+notice)|victim\s+notified|(?:written\s+)?notice\s+(?:under|per)\s+s(?:ection)?\.?\s*44B|s\.?\s*44B\s+notice`},
		{"legal_basis_cited", `(?:legal|lawful|statutory)\s+(?:basis|power|authority)\s+(?:for|of)\s+(?:the\s+|this\s+)?request|legal\s+basis|lawful\s+basis|legislation(?:\s+relied\s+(?:on|upon))?|statutory\s+(?:basis|power)|powers?(?:\s+(?:used|relied\s+(?:on|upon)))?|legal\s+authority|authority\s+for\s+(?:the\s+)?request`},
		// Generic labels, read by the section they sit in.
		{"name", `(?:full\s+)?name`},
		{"rank", `rank(?:\s+and\s+(?:collar|warrant|shoulder)\s+(?:no\.?|number))?|rank\s*/\s*role`},
		{"email", `e-?mail(?:\s+address)?|contact\s+e-?mail`},
		{"date", `date(?:\s+signed)?|signed\s+on|dated`},
		{"ignore", `(?:collar|warrant|shoulder|badge)\s+(?:no\.?|number)|tel(?:ephone)?(?:\s+(?:no\.?|number))?|phone|mobile|signature|signed|department|unit|team|address|our\s+ref(?:erence)?|your\s+ref(?:erence)?|ref(?:erence)?(?:\s+(?:no\.?|number))?|crime\s+(?:ref(?:erence)?|number)|operation|to|from|subject|cc|re|victim(?:'s)?\s+name|client(?:'s)?\s+name|name\s+of\s+(?:the\s+)?(?:victim|client|complainant)|date\s+of\s+birth|d\.?o\.?b\.?|provider|organisation|service`},
	}
	out := make([]labelDef, len(defs))
	for i, d := range defs {
		const prefix = `(?i)^[ \t]*(?:[-•*▪]\s*|\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})(?:\.\d{1,2})?[.)]\s+|q\d{1,2}[.:)]?\s+)?(?:the\s+)?(`
		out[i] = labelDef{key: d.key, re: regexp.MustCompile(prefix + d.re + `)\s*(?:\([^)\n]{0,80}\))?\s*(?:[:?\t]|\s[-–—]\s|$)`)}
		switch d.key {
		case "name", "rank", "email", "date", "ignore":
		default:
			out[i].loose = regexp.MustCompile(prefix + d.re + `)(?:,?[ \t]+[a-z][a-z'’/&-]*){1,5}[ \t]*(?:\([^)\n]{0,80}\))?[ \t]*[:?]`)
			out[i].wrapped = regexp.MustCompile(prefix + d.re + `)(?:,?[ \t]+[a-z][a-z'’/&-]*){0,5}[ \t]*(?:\([^)\n]{0,80}\))?[ \t]*[:?]?[ \t]*$`)
		}
	}
	return out
}()

// matchLabel finds the label a line starts with: its key and where its
// value begins. A label must end in a colon, a tab, a dash or the end of
// the line, so that prose starting with "Reason" is not taken for a box.
func (f *finder) matchLabel(i int) (key string, valueStart int, ok bool) {
	s := f.lineText(i)
	if len(s) == 0 {
		return "", 0, false
	}
	for _, d := range labelDefs {
		m := d.re.FindStringSubmatchIndex(s)
		if m == nil {
			continue
		}
		return d.key, f.lines[i].start + m[1], true
	}
	for _, d := range labelDefs {
		if d.loose == nil {
			continue
		}
		if m := d.loose.FindStringSubmatchIndex(s); m != nil {
			return d.key, f.lines[i].start + m[1], true
		}
	}
	return f.matchWrappedLabel(i)
}

// matchWrappedLabel reads a label wrapped over two lines, as the narrow
// left column of a PDF form sets it ("Relevance to a reasonable line of" /
// "enquiry being pursued"). Only a specific label counts, and only where
// the two lines hold the label alone or end in its colon.
func (f *finder) matchWrappedLabel(i int) (string, int, bool) {
	if i+1 >= len(f.lines) {
		return "", 0, false
	}
	a, b := f.lineText(i), f.lineText(i+1)
	if len(a) > 60 || len(b) > 60 || strings.TrimSpace(b) == "" || strings.ContainsAny(a, ":\t") {
		return "", 0, false
	}
	joined := a + " " + b
	for _, d := range labelDefs {
		if d.wrapped == nil {
			continue
		}
		if m := d.wrapped.FindStringSubmatchIndex(joined); m != nil && m[3] > len(a)+1 {
			return d.key, f.lines[i+1].start + (m[1] - len(a) - 1), true
		}
	}
	return "", 0, false
}

var headingWord = regexp.MustCompile(`(?i)\b(requesting\s+officer|officer\s+making|applicant|requester|authoris|authoriz|approv|victim|client|data\s+subject|notice|notification|period)`)

// sectionOf reads a section heading: a short line that names a part of the
// form, such as "Part 2: Authorisation" or "Details of the requesting officer".
func sectionOf(s string) string {
	m := headingWord.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	w := strings.ToLower(m[1])
	switch {
	case strings.HasPrefix(w, "authori") || strings.HasPrefix(w, "approv"):
		return "authoriser"
	case strings.HasPrefix(w, "victim"), strings.HasPrefix(w, "client"), strings.HasPrefix(w, "data"):
		return "victim"
	case strings.HasPrefix(w, "notice"), strings.HasPrefix(w, "notification"):
		return "notice"
	case w == "period":
		return "period"
	}
	return "requester"
}

// labels reads every labelled value: "Label: value", "Label<TAB>value", or
// a label on a line of its own with the value below it.
func (f *finder) labels() {
	section := ""
	for i := 0; i < len(f.lines); i++ {
		if f.lines[i].start < f.headerEnd {
			continue
		}
		s := f.lineText(i)
		key, vstart, ok := f.matchLabel(i)
		if !ok {
			t := strings.TrimSpace(s)
			if t == "" {
				continue
			}
			if len(t) < 70 && !strings.ContainsAny(strings.TrimRight(t, ".:"), ".") {
				if sec := sectionOf(t); sec != "" {
					section = sec
				}
			}
			continue
		}
		lstart := f.lines[i].start
		for i+1 < len(f.lines) && vstart >= f.lines[i+1].start {
			i++ // a label wrapped onto the next line
		}
		vend := f.lines[i].end
		j := i
		if strings.TrimSpace(f.text[vstart:vend]) == "" && i+1 < len(f.lines) && len(f.lineText(i+1)) < 40 {
			if k2, v2, ok := f.matchWrappedLabel(i); ok && v2 > f.lines[i+1].start {
				key, vstart = k2, v2
				i++
				vend = f.lines[i].end
				j = i
			}
		}
		if strings.TrimSpace(f.text[vstart:vend]) == "" {
			// The value is below the label: skip blank lines, then take
			// the paragraph.
			k := i + 1
			for k < len(f.lines) && k <= i+3 && strings.TrimSpace(f.lineText(k)) == "" {
				k++
			}
			if k >= len(f.lines) || strings.TrimSpace(f.lineText(k)) == "" || f.isLabelLine(k) {
				// A heading with nothing of its own: it opens a section.
				if sec := sectionFor(key); sec != "" {
					section = sec
				}
				continue
			}
			vstart = f.lines[k].start
			vend = f.lines[k].end
			j = k
		}
		for j+1 < len(f.lines) {
			n := f.lineText(j + 1)
			if strings.TrimSpace(n) == "" || f.isLabelLine(j+1) || isSignOff(n) {
				break
			}
			j++
			vend = f.lines[j].end
		}
		if sec := sectionFor(key); sec != "" {
			section = sec
		}
		if section == "period" && key == "ignore" && periodEndRe.MatchString(s) {
			// "From: 1 January 2025   To: 30 June 2025" under a Period heading,
			// on one line or two.
			ls := f.lines[i].start
			if ds := findDates(f.text[ls:vend]); len(ds) >= 2 {
				f.period(ls, vend)
			} else if len(ds) == 1 {
				k := "period.to"
				if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "from") {
					k = "period.from"
				}
				f.setDate(k, ls+ds[0].start, ls+ds[0].end, ds[0].iso)
			}
			f.used = append(f.used, [2]int{f.lines[i].start, vend})
			i = j
			continue
		}
		f.labelStart = lstart
		f.assign(key, section, vstart, vend)
		f.used = append(f.used, [2]int{lstart, vend})
		i = j
	}
}

var periodEndRe = regexp.MustCompile(`(?i)^\s*(?:from|to)\s*:`)

var genericLabel = regexp.MustCompile(`^[ \t]*(?:[A-Z][A-Za-z0-9 ,'’()/&.-]{1,48}(?::(?:\s|$)|\t)|\(?\d{1,2}[.)]\s)`)

func (f *finder) isLabelLine(i int) bool {
	if _, _, ok := f.matchLabel(i); ok {
		return true
	}
	return genericLabel.MatchString(f.lineText(i))
}

func sectionFor(key string) string {
	switch {
	case strings.HasPrefix(key, "requester"):
		return "requester"
	case strings.HasPrefix(key, "authoriser"):
		return "authoriser"
	case strings.HasPrefix(key, "victim"):
		return "victim"
	case strings.HasPrefix(key, "notice"):
		return "notice"
	case strings.HasPrefix(key, "period"):
		return "period"
	case key == "name", key == "rank", key == "email", key == "date", key == "ignore":
		return ""
	}
	return "other"
}

var emailRe = regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// assign interprets one labelled value.
func (f *finder) assign(key, section string, start, end int) {
	v := f.text[start:end]
	switch key {
	case "name", "rank", "email":
		switch section {
		case "requester", "authoriser":
			key = section + "." + key
		default:
			return
		}
	case "date":
		switch section {
		case "authoriser":
			key = "authoriser.authorised_on"
		case "notice":
			key = "notice.given_on"
		case "", "other", "requester":
			key = "request_date"
		default:
			return
		}
	}
	switch key {
	case "ignore":
	case "requester", "authoriser":
		f.person(key, start, end)
	case "requester.name", "authoriser.name":
		role := strings.TrimSuffix(key, ".name")
		if rs, re, _, ok := rankAt(v); ok && !f.filled(role+".rank") {
			f.setRank(role+".rank", start+rs, start+re)
		}
		if ns, ne, ok := nameIn(v); ok && f.set(key, start+ns, start+ne) {
			f.rec.setString(key, flat(v[ns:ne]))
		}
		if ms := emailRe.FindStringIndex(v); ms != nil {
			f.setEmail(role+".email", start+ms[0], start+ms[1])
		}
	case "requester.rank", "authoriser.rank":
		if rs, re, _, ok := rankAt(v); ok {
			f.setRank(key, start+rs, start+re)
		} else if t := flat(v); t != "" && len(t) < 40 {
			f.set(key, start, end)
			f.rec.setString(key, t)
		}
	case "requester.email", "authoriser.email":
		if ms := emailRe.FindStringIndex(v); ms != nil {
			f.setEmail(key, start+ms[0], start+ms[1])
		}
	case "authoriser.authorised_on", "request_date", "received_on", "notice.given_on":
		if ds := findDates(v); len(ds) > 0 {
			f.setDate(key, start+ds[0].start, start+ds[0].end, ds[0].iso)
		}
	case "period":
		f.period(start, end)
	case "period.from", "period.to":
		if ds := findDates(v); len(ds) > 0 {
			f.setDate(key, start+ds[0].start, start+ds[0].end, ds[0].iso)
		}
	case "force":
		t := flat(v)
		if t != "" && len(t) < 80 && !strings.Contains(t, "@") {
			if f.set("force", start, end) {
				f.rec.Force = t
			}
		}
	case "channel":
		if c := channelIn(v); c != "" && f.set("channel", start, end) {
			f.rec.Channel = c
		}
	case "kind":
		if k := kindIn(v); k != "" && f.set("kind", start, end) {
			f.rec.Kind = k
		}
	case "information_sought", "topic", "reason", "reasonable_line_of_enquiry",
		"necessity_and_proportionality", "substantial_probative_value", "handling", "legal_basis_cited":
		if isPlaceholder(v) {
			return
		}
		if key == "legal_basis_cited" {
			for end > start && f.text[end-1] == '.' {
				end--
			}
			v = f.text[start:end]
		}
		if f.set(key, start, end) {
			f.rec.setString(key, flat(v))
		}
		if key == "information_sought" {
			f.sought = [2]int{start, end}
		}
	case "notice.explanation":
		if !isPlaceholder(v) && f.set(key, start, end) {
			f.rec.Notice.Explanation = flat(v)
		}
	case "omitted_statements_ground":
		if g := groundIn(v); g != "" && f.set(key, start, end) {
			f.rec.OmittedStatementsGround = g
		}
	case "notice.ground":
		if g := groundIn(v); g != "" && f.set(key, start, end) {
			f.rec.Notice.Ground = g
		}
	case "notice.to":
		if r := recipientIn(v); r != "" && f.set(key, start, end) {
			f.rec.Notice.To = r
		}
		f.suspect(start, end)
	case "notice":
		f.notice(start, end, true)
		if st := f.rec.Notice.Status; (st == "given" || st == "to_follow") && !f.filled("notice.to") {
			label := f.text[f.labelStart:start]
			if m := recVictim.FindStringIndex(label); m != nil && recipientIn(label) == "victim" {
				if f.set("notice.to", f.labelStart+m[0], f.labelStart+m[1]) {
					f.rec.Notice.To = "victim"
				}
			}
		}
	case "victim.age":
		if m := ageValueRe.FindStringSubmatchIndex(v); m != nil {
			f.setAge(start+m[2], start+m[3])
		}
	case "victim.lacks_capacity", "victim.in_local_authority_care", "victim.in_voluntary_organisation_care":
		b, ok := yesNo(v, key)
		if key == "victim.lacks_capacity" && ok && haveCapacityLabel.MatchString(f.text[f.labelStart:start]) {
			b = !b // "Does the victim have capacity? Yes"
		}
		if ok && f.set(key, start, end) {
			f.rec.setBool(key, b)
		}
	}
}

var haveCapacityLabel = regexp.MustCompile(`(?i)\bhave\s+(?:mental\s+)?capacity`)

var ageValueRe = regexp.MustCompile(`^\s*(\d{1,3})\b`)

func isPlaceholder(s string) bool {
	t := strings.ToLower(strings.Trim(strings.TrimSpace(s), " .,;:-–—_*()[]\"'"))
	switch t {
	case "", "n/a", "na", "none", "nil", "tbc", "not applicable", "not stated", "not known", "unknown", "-":
		return true
	}
	return false
}

// yesNo reads a yes/no box, or a statement such as "has capacity".
func yesNo(s, key string) (bool, bool) {
	t := strings.ToLower(flat(s))
	switch {
	case strings.HasPrefix(t, "yes"), t == "y", t == "true":
		return true, true
	case strings.HasPrefix(t, "no"), t == "n", t == "false":
		if key == "victim.lacks_capacity" && strings.HasPrefix(t, "no capacity") {
			return true, true
		}
		return false, true
	}
	if key == "victim.lacks_capacity" {
		switch {
		case strings.Contains(t, "does not lack") || strings.Contains(t, "has capacity") || strings.Contains(t, "has full capacity") || strings.Contains(t, "has the capacity"):
			return false, true
		case strings.Contains(t, "lacks capacity") || strings.Contains(t, "lacks the capacity") || strings.Contains(t, "lacks mental capacity"):
			return true, true
		}
	}
	if strings.HasPrefix(t, "not ") {
		return false, true
	}
	return false, false
}

func (r *Record) setString(key, v string) {
	switch key {
	case "information_sought":
		r.InformationSought = v
	case "topic":
		r.Topic = v
	case "reason":
		r.Reason = v
	case "reasonable_line_of_enquiry":
		r.ReasonableLineOfEnquiry = v
	case "necessity_and_proportionality":
		r.NecessityAndProportionality = v
	case "substantial_probative_value":
		r.SubstantialProbativeValue = v
	case "handling":
		r.Handling = v
	case "legal_basis_cited":
		r.LegalBasisCited = v
	case "requester.rank":
		r.Requester.Rank = v
	case "authoriser.rank":
		r.Authoriser.Rank = v
	case "requester.name":
		r.Requester.Name = v
	case "authoriser.name":
		r.Authoriser.Name = v
	case "requester.email":
		r.Requester.Email = v
	case "authoriser.email":
		r.Authoriser.Email = v
	case "authoriser.authorised_on":
		r.Authoriser.AuthorisedOn = v
	case "request_date":
		r.RequestDate = v
	case "received_on":
		r.ReceivedOn = v
	case "notice.given_on":
		r.Notice.GivenOn = v
	case "period.from":
		r.Period.From = v
	case "period.to":
		r.Period.To = v
	}
}

func (r *Record) setBool(key string, b bool) {
	switch key {
	case "victim.lacks_capacity":
		r.Victim.LacksCapacity = &b
	case "victim.in_local_authority_care":
		r.Victim.InLocalAuthorityCare = &b
	case "victim.in_voluntary_organisation_care":
		r.Victim.InVoluntaryOrganisationCare = &b
	case "notice.recipient_is_suspect":
		r.Notice.RecipientIsSuspect = &b
	}
}

func (f *finder) setDate(key string, start, end int, iso string) {
	if f.set(key, start, end) {
		f.rec.setString(key, iso)
	}
}

func (f *finder) setRank(key string, start, end int) {
	full := normaliseRank(f.text[start:end])
	if full != "" && f.set(key, start, end) {
		f.rec.setString(key, full)
	}
}

func (f *finder) setEmail(key string, start, end int) {
	if f.set(key, start, end) {
		f.rec.setString(key, strings.ToLower(strings.TrimRight(f.text[start:end], ".")))
	}
}

func (f *finder) setAge(start, end int) {
	n, err := strconv.Atoi(f.text[start:end])
	if err != nil || n < 0 || n > 120 {
		return
	}
	if f.set("victim.age", start, end) {
		f.rec.Victim.Age = &n
	}
}

// person reads "DCI Raj Patel (raj.patel@x.police.uk)" and the like.
func (f *finder) person(role string, start, end int) {
	v := f.text[start:end]
	if rs, re, _, ok := rankAt(v); ok {
		f.setRank(role+".rank", start+rs, start+re)
	}
	if ns, ne, ok := nameIn(v); ok {
		if f.set(role+".name", start+ns, start+ne) {
			f.rec.setString(role+".name", flat(v[ns:ne]))
		}
	}
	if ms := emailRe.FindStringIndex(v); ms != nil {
		f.setEmail(role+".email", start+ms[0], start+ms[1])
	}
	if role == "authoriser" {
		if ds := findDates(v); len(ds) > 0 {
			f.setDate("authoriser.authorised_on", start+ds[0].start, start+ds[0].end, ds[0].iso)
		}
	}
}

var nameToken = regexp.MustCompile(`^(?:[A-Z][a-z]*['’][A-Z][a-z]+|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.?)$`)

var notNameWords = map[string]bool{
	"Police": true, "Constabulary": true, "Force": true, "Unit": true, "Team": true, "Department": true,
	"Service": true, "Officer": true, "Investigating": true, "Senior": true, "Public": true, "Protection": true,
	"Major": true, "Crime": true, "Yours": true, "Sincerely": true, "Faithfully": true, "Dear": true,
	"Detective": true, "Chief": true, "Inspector": true, "Superintendent": true, "Sergeant": true, "Constable": true,
	"Acting": true, "Temporary": true, "Email": true, "Tel": true, "Telephone": true, "Date": true, "Rank": true,
	"Name": true, "The": true, "On": true, "By": true, "Of": true, "And": true, "For": true, "Safeguarding": true,
	"Investigation": true, "Rape": true, "Serious": true, "Sexual": true, "Offences": true, "Commander": true,
	"Mobile": true, "Collar": true, "Warrant": true, "Number": true, "No": true, "Signed": true, "Regards": true,
	"Kind": true, "Many": true, "Thanks": true, "Best": true, "CID": true, "SIO": true, "OIC": true, "Agency": true,
	"National": true, "Operation": true, "Op": true, "Approved": true, "Authorised": true, "Authorized": true,
	"This": true, "I": true, "We": true, "Request": true, "Requesting": true, "Authorising": true, "Ms": true,
	"Mr": true, "Mrs": true, "Miss": true, "Dr": true, "Mx": true,
}

// nameIn finds a person's name in a short value, past any rank, title,
// collar number or email: the first run of two to four capitalised words.
func nameIn(v string) (int, int, bool) {
	// Skip a rank so that "DCI Raj Patel" gives "Raj Patel".
	from := 0
	if rs, re, _, ok := rankAt(v); ok && rs < 12 {
		from = re
	}
	type tok struct{ s, e int }
	var run []tok
	best := []tok(nil)
	i := from
	for i < len(v) {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
		j := i
		for j < len(v) && v[j] != ' ' && v[j] != '\t' && v[j] != '\n' && v[j] != ',' && v[j] != '(' && v[j] != ')' && v[j] != ';' {
			j++
		}
		if j == i {
			if len(run) >= 2 {
				break
			}
			run = run[:0]
			if i < len(v) && v[i] == '\n' && len(best) == 0 {
				i++
				continue
			}
			i++
			continue
		}
		w := v[i:j]
		if len(w) > 2 && (w[len(w)-1] == '.' || w[len(w)-1] == ':') {
			j--
			w = v[i:j]
		}
		if nameToken.MatchString(w) && !notNameWords[strings.TrimRight(w, ".")] {
			run = append(run, tok{i, j})
		} else {
			if len(run) >= 2 {
				break
			}
			run = run[:0]
		}
		i = j
	}
	if len(run) >= 2 {
		best = run
	}
	if len(best) < 2 || len(best) > 4 {
		return 0, 0, false
	}
	// A lone initial at the end is not part of a name.
	end := best[len(best)-1].e
	return best[0].s, end, true
}

// period reads "1 January 2025 to 30 June 2025" and the like.
func (f *finder) period(start, end int) {
	v := f.text[start:end]
	ds := findDates(v)
	if len(ds) >= 2 {
		f.setDate("period.from", start+ds[0].start, start+ds[0].end, ds[0].iso)
		f.setDate("period.to", start+ds[1].start, start+ds[1].end, ds[1].iso)
	}
}

var (
	rangeRe = regexp.MustCompile(`(?i)\b(?:between|from|covering|dated|for the period)\b`)
	topicRe = regexp.MustCompile(`(?i)\b(?:that|which)\s+(?:record|records|relate\s+to|relates\s+to|concern|concerns|refer\s+to|refers\s+to|mention|mentions|contain|contains|cover|covers|discuss|discusses|document|documents)\s+|\b(?:relating\s+to|related\s+to|concerning|regarding|in\s+relation\s+to|in\s+which\s+(?:the\s+)?(?:client|victim|complainant|she|he)\s+(?:spoke|spoke\s+about|talked\s+about|discussed|described|disclosed|mentioned|refers?\s+to|referred\s+to)(?:\s+about)?)\s+`)
)

// fromInformationSought reads the period and the topic out of the
// description of what is sought, where no box states them.
func (f *finder) fromInformationSought(start, end int) {
	v := f.text[start:end]
	if m := rangeRe.FindStringIndex(v); m != nil {
		ds := findDates(v[m[1]:])
		if len(ds) >= 2 && ds[0].start < 12 && ds[1].start-ds[0].end < 12 {
			mid := strings.ToLower(strings.TrimSpace(v[m[1]+ds[0].end : m[1]+ds[1].start]))
			switch strings.TrimSuffix(mid, " the") {
			case "and", "to", "-", "–", "until", "and up to":
				base := start + m[1]
				f.setDate("period.from", base+ds[0].start, base+ds[0].end, ds[0].iso)
				f.setDate("period.to", base+ds[1].start, base+ds[1].end, ds[1].iso)
			}
		}
	}
	if !f.filled("topic") {
		if m := topicRe.FindStringIndex(v); m != nil {
			ts, te := start+m[1], end
			t := strings.TrimRight(f.text[ts:te], " .\n")
			te = ts + len(t)
			if len(flat(t)) > 8 && f.set("topic", ts, te) {
				f.rec.Topic = flat(f.text[ts:te])
			}
		}
	}
}

func channelIn(v string) string {
	t := strings.ToLower(v)
	switch {
	case strings.Contains(t, "cjsm") || strings.Contains(t, "secure e-mail") || strings.Contains(t, "secure email"):
		return "secure_email"
	case strings.Contains(t, "email") || strings.Contains(t, "e-mail"):
		return "email"
	case strings.Contains(t, "post"):
		return "post"
	case strings.Contains(t, "hand"):
		return "hand"
	case strings.Contains(t, "phone") || strings.Contains(t, "telephone"):
		return "phone"
	}
	return ""
}

func kindIn(v string) string {
	t := strings.ToLower(v)
	switch {
	case strings.Contains(t, "witness summons"):
		return "witness_summons"
	case strings.Contains(t, "court order") || strings.Contains(t, "production order"):
		return "court_order"
	case strings.Contains(t, "victim information request") || strings.Contains(t, "counselling information request") || strings.Contains(t, "44a"):
		return "victim_information_request"
	}
	return ""
}

var (
	groundInterfere = regexp.MustCompile(`(?i)interfer|prejudic|compromise\s+the\s+investigation|jeopardi[sz]e`)
	groundHarm      = regexp.MustCompile(`(?i)serious\s+harm|risk\s+of\s+(?:serious\s+)?harm|harm\s+to`)
	groundPract     = regexp.MustCompile(`(?i)not\s+(?:be\s+)?(?:reasonably\s+)?practicable|impracticable|not\s+possible`)
)

var groundCiteRe = regexp.MustCompile(`(?i)44[BC]\s*\(\s*[25]\s*\)\s*\(\s*([abc])\s*\)`)

func groundIn(v string) string {
	// s.44B(5) and s.44C(2) list the same grounds in the same order.
	if m := groundCiteRe.FindStringSubmatch(v); m != nil {
		return map[string]string{"a": "not_practicable", "b": "interfere_with_investigation", "c": "serious_harm"}[strings.ToLower(m[1])]
	}
	switch {
	case groundHarm.MatchString(v):
		return "serious_harm"
	case groundInterfere.MatchString(v):
		return "interfere_with_investigation"
	case groundPract.MatchString(v):
		return "not_practicable"
	}
	return ""
}

var (
	recParent   = regexp.MustCompile(`(?i)\b(?:mother|father|parents?|step-?(?:mother|father))\b`)
	recGuardian = regexp.MustCompile(`(?i)\b(?:guardian|special\s+guardian)\b`)
	recLA       = regexp.MustCompile(`(?i)\b(?:local\s+authority|social\s+worker|children'?s\s+services|council)\b`)
	recVol      = regexp.MustCompile(`(?i)\bvoluntary\s+organisation\b`)
	recAA       = regexp.MustCompile(`(?i)\bappropriate\s+adult\b`)
	recVictim   = regexp.MustCompile(`(?i)\b(?:victim|client|complainant|survivor|data\s+subject|herself|himself|she|he)\b`)
)

func recipientIn(v string) string {
	switch {
	case recAA.MatchString(v):
		return "appropriate_adult"
	case recVol.MatchString(v):
		return "voluntary_organisation"
	case recLA.MatchString(v):
		return "local_authority"
	case recGuardian.MatchString(v):
		return "guardian"
	case recParent.MatchString(v):
		return "parent"
	case recVictim.MatchString(v):
		return "victim"
	}
	return ""
}

var (
	suspectYes = regexp.MustCompile(`(?i)\b(?:is|are|was)\s+(?:also\s+)?(?:the|a)\s+(?:named\s+)?suspect|\bsuspect\s+in\s+(?:this|the)\b|recipient\s+is\s+(?:the\s+|a\s+)?suspect`)
	suspectNo  = regexp.MustCompile(`(?i)\b(?:is|are|was)\s+not\s+(?:the\s+|a\s+)?suspect|\bnot\s+(?:a\s+)?suspects?\b|no\s+(?:connection|involvement)\s+(?:with|in)\s+the\s+(?:offence|suspect)`)
)

func (f *finder) suspect(start, end int) {
	v := f.text[start:end]
	if m := suspectNo.FindStringIndex(v); m != nil {
		if f.set("notice.recipient_is_suspect", start+m[0], start+m[1]) {
			f.rec.setBool("notice.recipient_is_suspect", false)
		}
		return
	}
	if m := suspectYes.FindStringIndex(v); m != nil {
		if f.set("notice.recipient_is_suspect", start+m[0], start+m[1]) {
			f.rec.setBool("notice.recipient_is_suspect", true)
		}
	}
}

var (
	noticeWithheld = regexp.MustCompile(`(?i)\bwithh[eo]ld|\bwithholding|decided\s+not\s+to\s+(?:give|serve|notify|inform|tell)|(?:will|shall)\s+not\s+(?:be\s+)?(?:given|served|notified|informed|told)|not\s+(?:be\s+)?(?:given|served|notified|informed|told)\b[^.]{0,60}?\b(?:because|as|since|on\s+the\s+ground)|has\s+not\s+been\s+(?:given|served|notified|informed|told)[^.]{0,80}(?:because|as|since|ground|would|might|could)`)
	noticeNone     = regexp.MustCompile(`(?i)\bno\s+notice\s+(?:has\s+been|was|have\s+been)\s+(?:given|served|provided)|(?:has|have)\s+not\s+(?:yet\s+)?been\s+(?:given|served|notified|informed|told)|was\s+not\s+(?:given|served|notified|informed|told)|\bnot\s+given\b|^\s*(?:no|none)\b`)
	noticeFollow   = regexp.MustCompile(`(?i)\b(?:will|shall)\s+(?:be\s+)?(?:given|served|notified|informed|told|sent|receive)|to\s+follow|as\s+soon\s+as\s+(?:is\s+)?(?:reasonably\s+)?practicable|(?:is|are)\s+(?:being|to\s+be)\s+(?:given|served|notified|informed)|not\s+yet\s+(?:been\s+)?(?:given|served)\s+but|\bpending\b`)
	noticeGiven    = regexp.MustCompile(`(?i)(?:have|has|had)\s+(?:already\s+)?(?:informed|told|notified)\b|\b(?:we|I)\s+(?:informed|told|notified)\b|(?:has|have|had)\s+(?:already\s+)?been\s+(?:given|served|provided|sent|handed|notified|informed|told|issued|made\s+aware)|\bwas\s+(?:given|served|provided|sent|handed|notified|informed|told|issued)|\b(?:were|was)\s+(?:personally\s+)?(?:given|served|handed)|\b(?:gave|served|handed|issued|provided|sent)\b[^.]{0,60}\bnotice|\bnotice\s+(?:given|served|issued|sent|provided)\b|^\s*(?:yes|given)\b|\bis\s+aware\s+of\s+(?:this|the)\s+request`)
)

// notice reads what a text says about the s.44B notice: given, to follow,
// withheld or not given; when, to whom, and on what ground.
func (f *finder) notice(start, end int, labelled bool) {
	v := f.text[start:end]
	status := ""
	switch {
	case noticeWithheld.MatchString(v):
		status = "withheld"
	case noticeFollow.MatchString(v):
		status = "to_follow"
	case noticeNone.MatchString(v):
		if groundIn(v) != "" {
			status = "withheld"
		} else {
			status = "none"
		}
	case noticeGiven.MatchString(v):
		status = "given"
	}
	if status == "" {
		return
	}
	if !f.set("notice.status", start, end) {
		return
	}
	f.rec.Notice.Status = status
	switch status {
	case "given":
		if ds := findDates(v); len(ds) > 0 {
			f.setDate("notice.given_on", start+ds[0].start, start+ds[0].end, ds[0].iso)
		}
		fallthrough
	case "to_follow":
		if r := recipientIn(v); r != "" && f.set("notice.to", start, end) {
			f.rec.Notice.To = r
		}
		f.suspect(start, end)
	case "withheld":
		if g := groundIn(v); g != "" && f.set("notice.ground", start, end) {
			f.rec.Notice.Ground = g
		}
	}
	_ = labelled
}

func isSignOff(s string) bool {
	return signOffRe.MatchString(s)
}

var signOffRe = regexp.MustCompile(`(?i)^\s*(?:yours\s+(?:sincerely|faithfully|truly)|kind\s+regards|best\s+regards|regards|many\s+thanks|thanks|with\s+thanks)\b[,.!]?\s*$`)
