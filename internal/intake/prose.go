package intake

import (
	"regexp"
	"strings"
)

// sentence is one sentence of prose, with its offsets.
type sentence struct{ start, end int }

// paragraphs splits text into blank-line separated paragraphs.
func (f *finder) paragraphs() [][2]int {
	var out [][2]int
	start := -1
	for i, l := range f.lines {
		blank := strings.TrimSpace(f.lineText(i)) == ""
		if !blank && start < 0 {
			start = l.start
		}
		if blank && start >= 0 {
			out = append(out, [2]int{start, f.lines[i-1].end})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, f.lines[len(f.lines)-1].end})
	}
	return out
}

var noBreakBefore = regexp.MustCompile(`(?i)(?:\b(?:s|ss|mr|mrs|ms|dr|no|para|paras|sch|det|supt|insp|ch|st|e\.g|i\.e|etc|approx|ref|op|cf|vs|pt)|\b[A-Z])$`)

// sentences splits a paragraph into sentences at ". ", "? " and "! "
// before a capital, not after abbreviations such as "s." or "Det.".
func (f *finder) sentences(p [2]int) []sentence {
	var out []sentence
	s := f.text[p[0]:p[1]]
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '"' || s[j] == '\'' || s[j] == ')') {
			j++
		}
		if j < len(s) && s[j] != ' ' && s[j] != '\n' {
			continue
		}
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\n') {
			k++
		}
		if k < len(s) && !(s[k] >= 'A' && s[k] <= 'Z') && s[k] != '(' && s[k] != '"' && s[k] != 0xe2 {
			continue
		}
		if c == '.' && noBreakBefore.MatchString(s[max(start, i-8):i]) {
			continue
		}
		out = append(out, sentence{p[0] + start, p[0] + j})
		start = k
		i = k - 1
	}
	if start < len(s) && strings.TrimSpace(s[start:]) != "" {
		out = append(out, sentence{p[0] + start, p[1]})
	}
	return out
}

// proseCues classify a sentence of a letter by what it speaks to. The
// order is the priority where one sentence speaks to two.
var proseCues = []struct {
	key string
	re  *regexp.Regexp
}{
	{"substantial_probative_value", regexp.MustCompile(`(?i)probative\s+value`)},
	{"necessity_and_proportionality", regexp.MustCompile(`(?i)necessary\s+and\s+proportionate|necessity\s+and\s+proportionality|\bproportionate\b|no\s+other\s+(?:means|way|source|route)|cannot\s+be\s+obtained\s+(?:by\s+any\s+other|elsewhere|from\s+any\s+other)`)},
	{"reasonable_line_of_enquiry", regexp.MustCompile(`(?i)lines?\s+of\s+(?:enquiry|inquiry)`)},
	{"handling", regexp.MustCompile(`(?i)will\s+only\s+be\s+(?:used|seen|shared|accessed|viewed|kept|held)|will\s+be\s+(?:stored|held|retained|kept|handled|dealt\s+with|securely|restricted|destroyed|disclosed\s+to\s+the\s+defence|shared\s+only|seen\s+only|viewed\s+only|accessed\s+only)|(?:stored|held|kept)\s+(?:securely|on\s+(?:a|the)\s+(?:secure|restricted))|disclosed\s+to\s+the\s+defence|\bCPIA\b|access\s+(?:to\s+(?:it|them|the\s+\w+)\s+)?will\s+be\s+(?:restricted|limited)|retained\s+(?:for|until|in\s+line)`)},
	{"reason", regexp.MustCompile(`(?i)\breasons?\s+(?:for|why)\s+(?:this|the|my|our)\s+request|\b(?:is|are)\s+(?:sought|requested|required)\s+because|(?:I|we)\s+(?:have\s+reason\s+to\s+)?believe\s+(?:that\s+)?(?:your\s+(?:service|organisation|organization|charity|centre)|you|the\s+(?:service|provider|centre))\s+(?:hold|holds|may\s+hold)|reason\s+to\s+believe`)},
}

// prose reads the fields a letter states in sentences rather than boxes.
func (f *finder) prose() {
	type run struct {
		key        string
		start, end int
	}
	var runs []run
	for _, p := range f.paragraphs() {
		if f.isUsed(p[0], p[1]) || p[0] < f.headerEnd {
			continue
		}
		ss := f.sentences(p)
		keys := make([]string, len(ss))
		distinct := map[string]bool{}
		for i, s := range ss {
			if f.isUsed(s.start, s.end) {
				keys[i] = "-"
				continue
			}
			t := f.text[s.start:s.end]
			if omittedRe.MatchString(t) && groundIn(t) != "" && !noticeCue.MatchString(t) {
				keys[i] = "-"
				continue
			}
			if noticeCue.MatchString(t) || authorisedByRe.MatchString(t) || soughtRe.MatchString(t) {
				// A sentence on notice, authorisation or what is sought
				// belongs to those fields and ends any run before it.
				keys[i] = "-"
				continue
			}
			for _, c := range proseCues {
				if c.re.MatchString(t) {
					keys[i] = c.key
					distinct[c.key] = true
					break
				}
			}
		}
		if len(distinct) == 1 && !strings.Contains(strings.Join(keys, ""), "-") {
			// One paragraph on one point: all of it.
			for k := range distinct {
				runs = append(runs, run{k, ss[0].start, ss[len(ss)-1].end})
			}
			continue
		}
		cur := -1
		for i, k := range keys {
			switch {
			case k == "-":
				cur = -1
			case k != "":
				if cur >= 0 && runs[cur].key == k {
					runs[cur].end = ss[i].end
					continue
				}
				runs = append(runs, run{k, ss[i].start, ss[i].end})
				cur = len(runs) - 1
			case cur >= 0:
				// A sentence with no cue goes on with the point before it.
				runs[cur].end = ss[i].end
			}
		}
	}
	for _, r := range runs {
		if f.filled(r.key) {
			continue
		}
		if f.set(r.key, r.start, r.end) {
			f.rec.setString(r.key, flat(f.text[r.start:r.end]))
		}
	}
	f.proseSought()
	f.proseAuthoriser()
	f.proseNotice()
	f.proseVictim()
	f.proseOmitted()
	f.signature()
	f.selfIntroduction()
	f.letterDate()
}

func (f *finder) isUsed(start, end int) bool {
	for _, u := range f.used {
		if start < u[1] && end > u[0] {
			return true
		}
	}
	return false
}

// eachSentence calls fn for every sentence not already read from a box.
func (f *finder) eachSentence(fn func(s sentence, t string) bool) {
	for _, p := range f.paragraphs() {
		if p[0] < f.headerEnd {
			continue
		}
		for _, s := range f.sentences(p) {
			if f.isUsed(s.start, s.end) {
				continue
			}
			if !fn(s, f.text[s.start:s.end]) {
				return
			}
		}
	}
}

var soughtRe = regexp.MustCompile(`(?i)\b(?:ask(?:ing)?\s+(?:you\s+)?(?:to\s+)?(?:provide|disclose|supply|send)(?:\s+(?:us|me))?|this\s+is\s+a\s+request\s+for|this\s+request\s+is\s+for|(?:please\s+)?could\s+you\s+(?:please\s+)?(?:provide|send|disclose|supply)(?:\s+(?:us|me))?|(?:I|we)\s+(?:require|need)|to\s+request|(?:required|ordered)\s+to\s+produce|shall\s+produce|(?:I|we)\s+(?:am\s+|are\s+)?(?:writing\s+)?(?:to\s+)?(?:formally\s+)?(?:request|requesting|seek|seeking|ask\s+for|asking\s+for)|request(?:ing)?\s+(?:disclosure\s+of|that\s+you\s+(?:provide|disclose|supply))|(?:would\s+be\s+grateful\s+if\s+you\s+(?:would|could)|please)\s+(?:provide|disclose|supply|send)(?:\s+(?:us|me))?|the\s+(?:information|material)\s+(?:sought|requested)\s+is)(?:,\s*(?:under|in\s+accordance\s+with|pursuant\s+to|in\s+line\s+with|as\s+set\s+out\s+in)\s[^\n]{0,150}?(?:Act\s+\d{4}|PCSC\s+Act|44A(?:\s*\(\d\))?)(?:,?\s*(?:s\.?|section)\s*44A(?:\s*\(\d\))?)?\s*,)?\s+(?:(?:disclosure\s+of|access\s+to|you\s+to\s+(?:provide|disclose)|that\s+you\s+(?:provide|disclose|supply))\s+)?`)

var soughtTailRe = regexp.MustCompile(`(?i)\s+(?:to\s+(?:the\s+)?(?:court|us|me|this\s+office)\b|by\s+(?:return|\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)|no\s+later|close\s+of)|within\s+\d+\s+(?:working\s+)?days|as\s+soon\s+as\s+possible)`)

// proseSought finds "I request the notes of ..." in a letter.
func (f *finder) proseSought() {
	if f.filled("information_sought") {
		return
	}
	f.eachSentence(func(s sentence, t string) bool {
		m := soughtRe.FindStringIndex(t)
		if m == nil {
			return true
		}
		rest := t[m[1]:]
		// "under s.44A ... to request X": the object follows.
		if strings.HasPrefix(strings.ToLower(rest), "your ") && strings.Contains(strings.ToLower(rest), "assistance") {
			return true
		}
		vs, ve := s.start+m[1], s.end
		for ve > vs && (f.text[ve-1] == '.' || f.text[ve-1] == ' ' || f.text[ve-1] == '\n') {
			ve--
		}
		if ve-vs < 15 || !strings.ContainsAny(strings.ToLower(f.text[vs:ve]), "n") {
			return true
		}
		if m := soughtTailRe.FindStringIndex(f.text[vs:ve]); m != nil && m[0] > 15 {
			ve = vs + m[0] // "... to the court by 4pm on 20 July": when, not what
		}
		low := strings.ToLower(f.text[vs:ve])
		if !(strings.Contains(low, "note") || strings.Contains(low, "record") || strings.Contains(low, "information") || strings.Contains(low, "material") || strings.Contains(low, "file") || strings.Contains(low, "cop")) {
			return true
		}
		if f.set("information_sought", vs, ve) {
			f.rec.InformationSought = flat(f.text[vs:ve])
			f.fromInformationSought(vs, ve)
		}
		return false
	})
}

var (
	authorisedByRe = regexp.MustCompile(`(?i)\b(?:(?:authorised|authorized|approved)\s+(?:by|on\s+behalf\s+of)|(?:the\s+)?(?:authorising|authorizing)\s+officer\s+(?:is|was)|(?:the\s+)?authori[sz]er\s+(?:is|was))\s+`)
)

// proseAuthoriser reads "This request was authorised by DCI Raj Patel on
// 9 March 2026."
func (f *finder) proseAuthoriser() {
	f.eachSentence(func(s sentence, t string) bool {
		m := authorisedByRe.FindStringIndex(t)
		if m == nil {
			return true
		}
		rest := t[m[1]:]
		base := s.start + m[1]
		if rs, re, _, ok := rankAt(rest); ok && rs < 12 {
			f.setRank("authoriser.rank", base+rs, base+re)
		}
		if ns, ne, ok := nameIn(firstClause(rest)); ok {
			if f.set("authoriser.name", base+ns, base+ne) {
				f.rec.Authoriser.Name = flat(rest[ns:ne])
			}
		}
		if ms := emailRe.FindStringIndex(rest); ms != nil {
			f.setEmail("authoriser.email", base+ms[0], base+ms[1])
		}
		if ds := findDates(rest); len(ds) > 0 {
			f.setDate("authoriser.authorised_on", base+ds[0].start, base+ds[0].end, ds[0].iso)
		}
		return false
	})
}

// firstClause cuts text at the first comma, bracket or "on", so that a
// name is not run on into what follows it.
func firstClause(s string) string {
	if i := strings.IndexAny(s, ",(;\n"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, " on "); i >= 0 {
		s = s[:i]
	}
	return s
}

var noticeCue = regexp.MustCompile(`(?i)\bnotice\b|\b(?:informed|told|notified)\s+(?:the\s+)?(?:victim|client|complainant)\b|\bnotified\b|\bnotification\b|(?:informed|told|made\s+aware)\s+(?:of|about)\s+(?:this|the)\s+request|aware\s+of\s+(?:this|the)\s+request|s\.?\s*44B`)

// proseNotice reads what a letter says about notice to the victim.
func (f *finder) proseNotice() {
	if f.filled("notice.status") {
		return
	}
	f.eachSentence(func(s sentence, t string) bool {
		if !noticeCue.MatchString(t) {
			return true
		}
		// "How the information will be handled" can mention notice of
		// disclosure; only a sentence about the victim counts.
		f.notice(s.start, s.end, false)
		return !f.filled("notice.status")
	})
}

var (
	ageRe        = regexp.MustCompile(`(?i)\baged\s+(\d{1,2})\b|\b(\d{1,2})[- ]years?[- ]old\b|\bage(?:d)?\s*(?:is|:)?\s+(\d{1,2})\b|\b(?:victim|client|complainant|she|he|who)\s+is\s+(\d{1,2})(?:\s+years?(?:\s+old|\s+of\s+age)?)?(?:\s+and\b|\s*[,.;])`)
	lacksCapYes  = regexp.MustCompile(`(?i)\b(?:lacks|lack|lacking)\s+(?:the\s+)?(?:mental\s+)?capacity`)
	lacksCapNo   = regexp.MustCompile(`(?i)\b(?:does\s+not|doesn't)\s+lack\s+(?:mental\s+)?capacity|\bhas\s+(?:full\s+|the\s+)?(?:mental\s+)?capacity`)
	laCareYes    = regexp.MustCompile(`(?i)\bin\s+(?:the\s+)?care\s+of\s+(?:the\s+|a\s+)?(?:local\s+authority|[A-Z][a-z]+\s+(?:County\s+)?Council)|\bin\s+local\s+authority\s+care\b|\blooked[- ]after\s+child\b|\bsubject\s+to\s+a\s+care\s+order\b`)
	laCareNo     = regexp.MustCompile(`(?i)\bnot\s+in\s+(?:local\s+authority\s+)?care\b|\bnot\s+(?:a\s+)?looked[- ]after\b`)
	volCareYes   = regexp.MustCompile(`(?i)\bin\s+the\s+care\s+of\s+a\s+voluntary\s+organisation`)
	victimSubjRe = regexp.MustCompile(`(?i)\b(?:victim|client|complainant|she|he|survivor)\b`)
)

// proseVictim reads the victim's age, capacity and care from sentences.
func (f *finder) proseVictim() {
	f.eachSentence(func(s sentence, t string) bool {
		if !victimSubjRe.MatchString(t) {
			return true
		}
		if m := ageRe.FindStringSubmatchIndex(t); m != nil && !f.filled("victim.age") {
			for g := 1; g <= 4; g++ {
				if m[2*g] >= 0 {
					f.setAge(s.start+m[2*g], s.start+m[2*g+1])
					break
				}
			}
		}
		if m := lacksCapNo.FindStringIndex(t); m != nil {
			if f.set("victim.lacks_capacity", s.start+m[0], s.start+m[1]) {
				f.rec.setBool("victim.lacks_capacity", false)
			}
		} else if m := lacksCapYes.FindStringIndex(t); m != nil {
			if f.set("victim.lacks_capacity", s.start+m[0], s.start+m[1]) {
				f.rec.setBool("victim.lacks_capacity", true)
			}
		}
		if m := laCareNo.FindStringIndex(t); m != nil {
			if f.set("victim.in_local_authority_care", s.start+m[0], s.start+m[1]) {
				f.rec.setBool("victim.in_local_authority_care", false)
			}
		} else if m := laCareYes.FindStringIndex(t); m != nil {
			if f.set("victim.in_local_authority_care", s.start+m[0], s.start+m[1]) {
				f.rec.setBool("victim.in_local_authority_care", true)
			}
		}
		if m := volCareYes.FindStringIndex(t); m != nil {
			if f.set("victim.in_voluntary_organisation_care", s.start+m[0], s.start+m[1]) {
				f.rec.setBool("victim.in_voluntary_organisation_care", true)
			}
		}
		return true
	})
}

var omittedRe = regexp.MustCompile(`(?i)\b(?:omitted|not\s+(?:been\s+)?(?:stated|included|set\s+out|specified|given|detailed)|left\s+out|not\s+(?:to\s+)?(?:state|include|set\s+out|specify))\b`)

// proseOmitted reads the ground on which a request leaves out why it is
// made or how the material will be handled (s.44C(2)).
func (f *finder) proseOmitted() {
	if f.filled("omitted_statements_ground") {
		return
	}
	f.eachSentence(func(s sentence, t string) bool {
		if noticeCue.MatchString(t) || !omittedRe.MatchString(t) {
			return true
		}
		low := strings.ToLower(t)
		if !(strings.Contains(low, "reason") || strings.Contains(low, "handl") || strings.Contains(low, "why") || strings.Contains(low, "44c")) {
			return true
		}
		if g := groundIn(t); g != "" && f.set("omitted_statements_ground", s.start, s.end) {
			f.rec.OmittedStatementsGround = g
			return false
		}
		return true
	})
}

// signature reads the requester from the block under "Yours sincerely".
func (f *finder) signature() {
	for i := range f.lines {
		if f.lines[i].start < f.headerEnd || !isSignOff(f.lineText(i)) {
			continue
		}
		// The next few non-blank lines are the signature.
		var block []int
		for k := i + 1; k < len(f.lines) && len(block) < 6; k++ {
			t := strings.TrimSpace(f.lineText(k))
			if t == "" {
				if len(block) > 0 {
					break
				}
				continue
			}
			if strings.HasPrefix(t, "[Attachment") {
				break
			}
			block = append(block, k)
		}
		for _, k := range block {
			l := f.lines[k]
			v := f.text[l.start:l.end]
			if rs, re, _, ok := rankAt(v); ok {
				f.setRank("requester.rank", l.start+rs, l.start+re)
			}
			if !f.filled("requester.name") {
				if ns, ne, ok := nameIn(v); ok {
					if f.set("requester.name", l.start+ns, l.start+ne) {
						f.rec.Requester.Name = flat(v[ns:ne])
					}
				}
			}
			if ms := emailRe.FindStringIndex(v); ms != nil {
				f.setEmail("requester.email", l.start+ms[0], l.start+ms[1])
			}
		}
		if len(block) > 0 {
			return
		}
	}
	f.unsignedSignature()
}

// unsignedSignature reads a signature with no sign-off above it: the last
// short paragraph of the body, if it names a rank ("Hannah Cole /
// Detective Constable, Southmoor Police").
func (f *finder) unsignedSignature() {
	if f.filled("requester.name") {
		return
	}
	var last [2]int
	for _, p := range f.paragraphs() {
		if strings.HasPrefix(f.text[p[0]:p[1]], "[Attachment") {
			break
		}
		if p[0] >= f.headerEnd {
			last = p
		}
	}
	v := f.text[last[0]:last[1]]
	lines := strings.Split(v, "\n")
	if last[1] == 0 || len(lines) > 4 || len(lines) < 2 {
		return
	}
	for _, l := range lines {
		if len(l) > 70 {
			return
		}
	}
	rs, re, _, ok := rankAt(v)
	if !ok {
		return
	}
	ns, ne, ok := nameIn(lines[0])
	if !ok {
		return
	}
	f.setRank("requester.rank", last[0]+rs, last[0]+re)
	if f.set("requester.name", last[0]+ns, last[0]+ne) {
		f.rec.Requester.Name = flat(lines[0][ns:ne])
	}
	if ms := emailRe.FindStringIndex(v); ms != nil {
		f.setEmail("requester.email", last[0]+ms[0], last[0]+ms[1])
	}
}

// letterDate reads the date a letter bears: a line near its top that is
// a date and nothing else.
func (f *finder) letterDate() {
	if f.filled("request_date") {
		return
	}
	seen := 0
	for i := range f.lines {
		if f.lines[i].start < f.headerEnd {
			continue
		}
		t := strings.TrimSpace(f.lineText(i))
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "[Attachment") {
			seen = 0
			continue
		}
		seen++
		if seen > 15 {
			continue
		}
		t = strings.TrimPrefix(strings.TrimPrefix(t, "Dated"), ":")
		ds := findDates(t)
		if len(ds) == 1 && len(strings.TrimSpace(t)) <= ds[0].end-ds[0].start+12 && !strings.Contains(strings.ToLower(t), "birth") {
			l := f.lines[i]
			full := f.text[l.start:l.end]
			off := strings.Index(full, t)
			f.setDate("request_date", l.start+off+ds[0].start, l.start+off+ds[0].end, ds[0].iso)
			return
		}
	}
}

// ---- whole-document fields ----

// fromEmail fills what the email's own headers say.
func (f *finder) fromEmail(doc *Document) {
	if doc.Format != FormatEmail || doc.Sender == nil {
		return
	}
	if s, e, ok := f.forwardedFrom(); ok {
		// A request forwarded inside the service: the sender is the one
		// who wrote it, not the colleague who passed it on.
		if f.set("sender_email", s, e) {
			f.rec.SenderEmail = strings.ToLower(f.text[s:e])
		}
	}
	if doc.Sender.From != "" {
		if i := strings.Index(f.text, doc.Sender.From); i >= 0 && i < f.headerEnd+len(doc.Sender.From)+200 {
			if f.set("sender_email", i, i+len(doc.Sender.From)) {
				f.rec.SenderEmail = doc.Sender.From
			}
		}
	}
	if doc.ReceivedOn != "" {
		s, e := doc.receivedSpan[0], doc.receivedSpan[1]
		if s >= 0 && e <= len(f.text) && s < e {
			if ds := findDates(f.text[s:e]); len(ds) > 0 && ds[0].iso == doc.ReceivedOn {
				f.setDate("received_on", s+ds[0].start, s+ds[0].end, doc.ReceivedOn)
			}
		}
	}
	if !f.filled("channel") && f.filled("sender_email") {
		ev := f.ev["sender_email"]
		c := "email"
		if strings.HasSuffix(strings.ToLower(doc.Sender.From), "cjsm.net") {
			c = "secure_email"
		}
		if f.set("channel", ev.Start, ev.End) {
			f.rec.Channel = c
		}
	}
	// The requester's address is the sender's where the email is signed
	// by the officer it came from.
	if !f.filled("requester.email") && f.rec.Requester.Name != "" && doc.Sender.From != "" {
		local := strings.ToLower(strings.SplitN(doc.Sender.From, "@", 2)[0])
		parts := strings.Fields(strings.ToLower(f.rec.Requester.Name))
		if len(parts) > 0 && strings.Contains(local, parts[len(parts)-1]) {
			ev := f.ev["sender_email"]
			f.setEmail("requester.email", ev.Start, ev.End)
		}
	}
	// An email whose body is the request is dated by its Date header.
	if !f.filled("request_date") {
		if i := strings.Index(f.text, "\nDate: "); i >= 0 && i < f.headerEnd {
			l := f.text[i+7:]
			if j := strings.IndexByte(l, '\n'); j >= 0 {
				l = l[:j]
			}
			if ds := findDates(l); len(ds) > 0 {
				f.setDate("request_date", i+7+ds[0].start, i+7+ds[0].end, ds[0].iso)
			}
		}
	}
}

var (
	fwdSubjectRe = regexp.MustCompile(`(?im)^Subject:\s*(?:fwd?|fw)\s*:`)
	fwdFromRe    = regexp.MustCompile(`(?m)^(?:-+\s*(?:Forwarded|Original)\s+[Mm]essage\s*-+\s*\n(?:.*\n){0,3}?)?From:[^\n]*?([A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})`)
)

// forwardedFrom finds the original sender of a forwarded email: the
// first "From:" line in the body of a message whose subject is "Fwd:".
func (f *finder) forwardedFrom() (int, int, bool) {
	if f.headerEnd == 0 || !fwdSubjectRe.MatchString(f.text[:f.headerEnd]) {
		return 0, 0, false
	}
	m := fwdFromRe.FindStringSubmatchIndex(f.text[f.headerEnd:])
	if m == nil {
		return 0, 0, false
	}
	return f.headerEnd + m[2], f.headerEnd + m[3], true
}

var (
	kindSummonsRe = regexp.MustCompile(`(?i)\bwitness\s+summons\b|\bsummons\s+to\s+(?:produce|attend)`)
	kindOrderRe   = regexp.MustCompile(`(?i)\b(?:court\s+order|production\s+order|order\s+of\s+the\s+court|it\s+is\s+(?:hereby\s+)?ordered)\b`)
	kindVIRRe     = regexp.MustCompile(`(?i)\bvictim\s+information\s+request\b|\bcounselling\s+information\s+request\b|\b(?:section|s\.?)\s*44A\b`)
)

// kind decides what sort of demand the document is, from what it calls
// itself.
func (f *finder) kind() {
	if f.filled("kind") {
		return
	}
	vir := kindVIRRe.FindStringIndex(f.text)
	sum := kindSummonsRe.FindStringIndex(f.text)
	ord := kindOrderRe.FindStringIndex(f.text)
	switch {
	case vir != nil:
		if f.set("kind", vir[0], vir[1]) {
			f.rec.Kind = "victim_information_request"
		}
	case sum != nil:
		if f.set("kind", sum[0], sum[1]) {
			f.rec.Kind = "witness_summons"
		}
	case ord != nil:
		if f.set("kind", ord[0], ord[1]) {
			f.rec.Kind = "court_order"
		}
	}
}

var forceRe = regexp.MustCompile(`\b(Metropolitan[ \t]+Police(?:[ \t]+Service)?|City[ \t]+of[ \t]+London[ \t]+Police|British[ \t]+Transport[ \t]+Police|Ministry[ \t]+of[ \t]+Defence[ \t]+Police|National[ \t]+Crime[ \t]+Agency|Police[ \t]+Scotland|Police[ \t]+Service[ \t]+of[ \t]+Northern[ \t]+Ireland|Royal[ \t]+(?:Military|Navy|Air[ \t]+Force)[ \t]+Police|States[ \t]+of[ \t]+Jersey[ \t]+Police|Isle[ \t]+of[ \t]+Man[ \t]+Constabulary|(?:[A-Z][a-z]*(?:[ \t]+(?:and|&)[ \t]+|[ \t]+|-))?(?:[A-Z][a-z]*[ \t]+)?[A-Z][a-z]+[ \t]+(?:Police(?:[ \t]+Service)?|Constabulary)|(?:[A-Z]{3,}[ \t]+)?[A-Z]{3,}[ \t]+(?:POLICE|CONSTABULARY))\b`)

var notForceStart = map[string]bool{
	"The": true, "Dear": true, "Chief": true, "Senior": true, "Local": true, "Your": true, "Our": true,
	"This": true, "A": true, "Detective": true, "Assistant": true, "Deputy": true, "From": true, "To": true,
	"Yours": true, "Regards": true, "Military": true, "Transport": true, "Service": true, "For": true,
	"Special": true, "Community": true, "Support": true, "Officer": true, "Staff": true, "Sincerely": true,
}

// force finds the force's name as the document writes it.
func (f *finder) force() {
	if f.filled("force") {
		return
	}
	for _, m := range forceRe.FindAllStringIndex(f.text, -1) {
		s, e := m[0], m[1]
		words := strings.Fields(f.text[s:e])
		// Drop leading words that are not part of a force's name.
		for len(words) > 2 && notForceStart[words[0]] {
			s = strings.Index(f.text[s:e], words[1]) + s
			words = words[1:]
		}
		if notForceStart[words[0]] || strings.Contains(f.text[s:e], "\n") {
			continue
		}
		if f.set("force", s, e) {
			f.rec.Force = titleIfCaps(flat(f.text[s:e]))
		}
		return
	}
}

var legalRe = regexp.MustCompile(`(?i)(?:(?:section|s\.?|sections|ss\.?)\s*44[A-F](?:\s*\(\d+\)(?:\s*\([a-z]\))?)?(?:\s*(?:-|–|to|and)\s*44[A-F])?(?:\s+of)?(?:\s+the)?\s+(?:Police,?\s+Crime,?\s+Sentencing\s+and\s+Courts\s+Act\s+2022|PCSC(?:\s+Act|A)\s*2022)` +
	`|(?:the\s+)?(?:Police,?\s+Crime,?\s+Sentencing\s+and\s+Courts\s+Act\s+2022|PCSC(?:\s+Act|A)\s*2022)(?:,?\s*(?:section|s\.?)\s*44[A-F](?:\s*\(\d+\)(?:\s*\([a-z]\))?)?)?` +
	`|(?:Schedule|Sch\.?)\s*2,?\s*(?:Part\s*1,?\s*)?(?:paragraph|para\.?)\s*2(?:\(\d\))?\s*(?:of\s+)?(?:the\s+)?(?:Data\s+Protection\s+Act\s+2018|DPA\s*2018)` +
	`|(?:the\s+)?(?:Data\s+Protection\s+Act\s+2018|DPA\s*2018)(?:,?\s*(?:Schedule|Sch\.?)\s*2,?\s*(?:Part\s*1,?\s*)?(?:paragraph|para\.?)\s*2)?` +
	`|(?:section|s\.?)\s*2\s+(?:of\s+)?(?:the\s+)?Criminal\s+Procedure\s+\(Attendance\s+of\s+Witnesses\)\s+Act\s+1965` +
	`|Criminal\s+Procedure\s+\(Attendance\s+of\s+Witnesses\)\s+Act\s+1965(?:,?\s*(?:section|s\.?)\s*2[A-E]?)?)`)

var compulsionRe = regexp.MustCompile(`(?i)\b(?:required|requires|obliged|obligation|must|duty|compel|compelled|compels|legally\s+bound)\b`)

// legalBasis reads the legislation the request cites. Where the sentence
// that cites it says the service must comply, the sentence is kept whole:
// the checker needs the words of compulsion.
func (f *finder) legalBasis() {
	if f.filled("legal_basis_cited") {
		return
	}
	var spans [][2]int
	var texts []string
	seen := map[string]bool{}
	for _, m := range legalRe.FindAllStringIndex(f.text, -1) {
		if m[0] < f.headerEnd {
			continue
		}
		t := flat(f.text[m[0]:m[1]])
		t = strings.TrimPrefix(strings.TrimPrefix(t, "the "), "The ")
		key := strings.ToLower(t)
		if seen[key] {
			continue
		}
		covered := false
		for k := range seen {
			if strings.Contains(k, key) {
				covered = true
			}
		}
		if covered {
			continue
		}
		seen[key] = true
		spans = append(spans, [2]int{m[0], m[1]})
		texts = append(texts, t)
		if len(spans) == 3 {
			break
		}
	}
	if len(spans) == 0 {
		return
	}
	// The sentence around the first citation, if it claims compulsion.
	for _, p := range f.paragraphs() {
		if spans[0][0] < p[0] || spans[0][0] >= p[1] {
			continue
		}
		for _, s := range f.sentences(p) {
			if spans[0][0] >= s.start && spans[0][0] < s.end && compulsionRe.MatchString(f.text[s.start:s.end]) {
				if f.set("legal_basis_cited", s.start, s.end) {
					f.rec.LegalBasisCited = flat(f.text[s.start:s.end])
				}
				return
			}
		}
	}
	if f.set("legal_basis_cited", spans[0][0], spans[len(spans)-1][1]) {
		f.rec.LegalBasisCited = strings.Join(texts, "; ")
	}
}

// titleIfCaps writes a name set in capitals ("NORTHSHIRE POLICE") as a
// name ("Northshire Police").
func titleIfCaps(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	w := strings.Fields(strings.ToLower(s))
	for i, x := range w {
		if x != "and" && x != "of" {
			w[i] = strings.ToUpper(x[:1]) + x[1:]
		}
	}
	return strings.Join(w, " ")
}

var introRe = regexp.MustCompile(`(?i)\b(?:my\s+name\s+is|I\s+am)\s+`)

// selfIntroduction reads "My name is DS Rachel Owen" where no signature
// named the requester.
func (f *finder) selfIntroduction() {
	f.eachSentence(func(s sentence, t string) bool {
		for _, m := range introRe.FindAllStringIndex(t, -1) {
			rest := t[m[1]:]
			rs, re, _, ok := rankAt(rest)
			if !ok || rs > 2 {
				continue
			}
			base := s.start + m[1]
			ns, ne, ok := nameIn(firstClause(rest))
			if !ok {
				continue
			}
			f.setRank("requester.rank", base+rs, base+re)
			if f.set("requester.name", base+ns, base+ne) {
				f.rec.Requester.Name = flat(rest[ns:ne])
			}
			return false
		}
		return true
	})
}
