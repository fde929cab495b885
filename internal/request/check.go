package request

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Outcome is the verdict on a request.
type Outcome string

// The outcomes, in the order of FINDINGS.md's verdict rule.
const (
	// NonCompliant: a defect, a suspected fraud, or not a request the law
	// provides for. The reply is a letter naming each defect.
	NonCompliant Outcome = "non_compliant"
	// Compulsory: a court process; consent is not the gate, the lead still
	// approves, and the client is told unless the court forbids it.
	Compulsory Outcome = "compulsory"
	// NeedsVerification: nothing is proven wrong, but a person must check
	// something before going on.
	NeedsVerification Outcome = "needs_verification"
	// Compliant: no defect and nothing to verify on the paper.
	Compliant Outcome = "compliant"
)

// Verdict is the checker's answer on one request (CONTRACT.md, "Verdict").
// Findings and FollowUps are never nil, so they encode as JSON arrays.
type Verdict struct {
	Outcome        Outcome   `json:"verdict"`
	SuspectedFraud bool      `json:"suspected_fraud"`
	NotifyClient   bool      `json:"notify_client"`
	Findings       []Finding `json:"findings"`
	FollowUps      []string  `json:"follow_ups"`
}

// Finding is one thing the checker found, with the provision it rests on
// and a message a safeguarding lead can act on. URL links the provision on
// legislation.gov.uk where it is a statute, and is empty (left out of the
// JSON) where it is the Code of Practice or Confidant's own policy.
type Finding struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Law      string   `json:"law"`
	URL      string   `json:"url,omitempty"`
	Message  string   `json:"message"`
}

// Has reports whether the verdict holds a finding with the code.
func (v Verdict) Has(c Code) bool {
	for _, f := range v.Findings {
		if f.Code == c {
			return true
		}
	}
	return false
}

// dateLayout is the one date format of request records.
const dateLayout = "2006-01-02"

// parseDate reads a YYYY-MM-DD date; ok is false for an empty or
// impossible one, which the checker treats as not stated.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) != len(dateLayout) {
		return time.Time{}, false
	}
	t, err := time.Parse(dateLayout, s)
	return t, err == nil
}

// checker gathers findings and follow-ups for one record.
type checker struct {
	r         Record
	p         Policy
	findings  []Finding
	followUps []string
}

func (c *checker) add(code Code, msg string, followUp ...string) {
	sev, law, url := code.info()
	c.findings = append(c.findings, Finding{Code: code, Severity: sev, Law: law, URL: url, Message: msg})
	for _, f := range followUp {
		if !slices.Contains(c.followUps, f) {
			c.followUps = append(c.followUps, f)
		}
	}
}

// Check runs the police-request compliance check of FINDINGS.md on one
// record under a policy. It is pure: the same record and policy always give
// the same verdict, and "today" is the record's received_on. Values it cannot
// read (an impossible date, an unknown kind or status) count as not stated,
// so that a damaged record asks for a person's attention rather than passing.
func Check(r Record, p Policy) Verdict {
	c := &checker{r: r, p: p.withDefaults()}
	switch r.Kind {
	// A court process and a request of another kind are not judged by the
	// s.44A-44C rules; who sent them (the sender checks, and whether the
	// force is one s.44E names) still matters, and cannot change their
	// verdict except by showing fraud.
	case KindWitnessSummons, KindCourtOrder:
		c.courtProcess()
		c.senderChecks()
		c.authorisedPerson()
	case KindOther:
		c.add(CodeNotVictimInformationRequest,
			"This is not a victim information request (PCSC Act 2022 s.44A(2): a request by an authorised person to another person to provide information about someone the authorised person has reason to believe is, or may be, a victim or at risk of being one), so Chapter 3A of the Act does not apply to it. Disclose nothing on the strength of it: ask the sender what power they rely on, or reply refusing.")
		c.senderChecks()
		c.authorisedPerson()
	default:
		// A victim information request, or a kind not stated: every check.
		c.senderChecks()
		c.authorisedPerson()
		c.inWriting()
		c.statements()
		c.scope()
		c.notice()
		c.authorisation()
		c.legalBasis()
		c.compulsionClaimed()
	}
	if c.clientContactSuppressed() && !c.has(CodeClientContactSuppressed) {
		// Telling the client is itself the risk, whatever the kind.
		c.suppressClientContact()
	}
	return c.verdict()
}

// verdict applies FINDINGS.md's verdict rule, in its order.
func (c *checker) verdict() Verdict {
	v := Verdict{NotifyClient: !c.clientContactSuppressed(), Findings: c.findings, FollowUps: c.followUps}
	v.SuspectedFraud = c.has(CodeSenderDomainLookalike)
	defect, verify := false, false
	for _, f := range c.findings {
		switch f.Severity {
		case SeverityDefect:
			defect = true
		case SeverityVerify:
			verify = true
		}
	}
	switch {
	case v.SuspectedFraud:
		v.Outcome = NonCompliant
	case c.r.Kind.IsCompulsory():
		v.Outcome = Compulsory
	case defect:
		v.Outcome = NonCompliant
	case verify:
		v.Outcome = NeedsVerification
	default:
		v.Outcome = Compliant
	}
	// Defects first, then what to verify, then information, each in the
	// order checked: the order a reply letter lists them in.
	slices.SortStableFunc(v.Findings, func(a, b Finding) int { return severityRank(a.Severity) - severityRank(b.Severity) })
	switch {
	case v.Outcome != NonCompliant || v.SuspectedFraud:
	case c.r.Kind == KindOther:
		v.FollowUps = append(v.FollowUps, "Reply to the sender refusing, or asking what power they rely on; disclose nothing meanwhile")
	case c.has(CodeRequesterNotAuthorisedPerson):
		v.FollowUps = append(v.FollowUps, "Reply refusing: the sender is not among the persons who may make a victim information request (s.44E, s.44F); disclose nothing")
	default:
		v.FollowUps = append(v.FollowUps, "Send the force a clarification letter naming each defect and its provision; keep the request open for a corrected one")
	}
	if v.Findings == nil {
		v.Findings = []Finding{}
	}
	if v.FollowUps == nil {
		v.FollowUps = []string{}
	}
	return v
}

// clientContactSuppressed is FINDINGS.md's rule for notify_client: false
// exactly when notice is withheld on the serious-harm ground.
func (c *checker) clientContactSuppressed() bool {
	return c.r.Notice.Status == NoticeWithheld && c.r.Notice.Ground == GroundSeriousHarm
}

func severityRank(s Severity) int {
	switch s {
	case SeverityDefect:
		return 0
	case SeverityVerify:
		return 1
	}
	return 2
}

func (c *checker) has(code Code) bool {
	for _, f := range c.findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

// courtProcess notes the compulsory path of a witness summons or order.
func (c *checker) courtProcess() {
	what := "a court order"
	challenge := "Take advice promptly on whether the order can be varied."
	if c.r.Kind == KindWitnessSummons {
		what = "a witness summons"
		challenge = "A witness summons under s.2 of the Criminal Procedure (Attendance of Witnesses) Act 1965 may be challenged: a person served with one who was not given notice of the application and was neither present nor represented at its hearing may apply for it to be set aside (s.2C; s.2E for a summons the court issued of its own motion)."
	}
	doc := strings.TrimPrefix(what, "a ")
	followUps := []string{"Diarise the date for production in the " + doc + " and take advice promptly on whether to apply to set it aside or vary it"}
	if !c.clientContactSuppressed() {
		followUps = append(followUps, "Tell the client about the "+doc+" unless the court has forbidden it")
	}
	c.add(CodeCourtProcess,
		fmt.Sprintf("This is %s, a court process that compels production: the client's consent is not the gate. Confidant still asks the safeguarding lead to approve what is produced, redacts third parties where the court allows, and tells the client unless the court forbids it. %s", what, challenge),
		followUps...)
}

// senderChecks look at the email domains: a lookalike of a police domain on
// any address is suspected fraud; a sender on any other domain must be
// verified by a call to the force's published switchboard. Both are
// Confidant's policy: the Act says who may ask (s.44E/F), not from which
// address, and the domain is the first evidence the provider has of it.
func (c *checker) senderChecks() {
	allowed := c.p.AllowedDomains
	type addr struct{ who, email string }
	addrs := []addr{
		{"sender's", c.r.SenderEmail},
		{"requester's", c.r.Requester.Email},
		{"authoriser's", c.r.Authoriser.Email},
	}
	var fakes []string
	senderFake := false
	for i, a := range addrs {
		d := emailDomain(a.email)
		if d == "" || underAny(d, allowed) || !isLookalike(d, allowed) {
			continue
		}
		senderFake = senderFake || i == 0
		s := fmt.Sprintf("the %s address is on %q", a.who, d)
		if !slices.Contains(fakes, s) {
			fakes = append(fakes, s)
		}
	}
	if len(fakes) > 0 {
		c.add(CodeSenderDomainLookalike,
			fmt.Sprintf("Suspected fraud: %s, which imitates a police domain but is not one. Confidant asks that requests come from %s (its own policy: only the persons named in PCSC Act 2022 s.44E and s.44F may make a victim information request, and an imitation address is a sign that the sender is not one). Do not reply to that address or call any number in the request: alert the safeguarding lead and contact the force only through its published switchboard or address.",
				strings.Join(fakes, "; "), domainList(allowed)),
			"Alert the safeguarding lead to a suspected fraudulent request, and contact the force only through its published switchboard or address")
	}
	// sender_domain_not_allowed is about sender_email alone: it fires for a
	// sender on a disallowed domain that is itself no lookalike, even where
	// the requester's or authoriser's address is one (FINDINGS.md).
	if senderFake || strings.TrimSpace(c.r.SenderEmail) == "" {
		return
	}
	d := emailDomain(c.r.SenderEmail)
	if underAny(d, allowed) {
		return
	}
	shown := d
	if shown == "" {
		shown = strings.TrimSpace(c.r.SenderEmail)
	}
	c.add(CodeSenderDomainNotAllowed,
		fmt.Sprintf("The request was sent from %q, which is not one of the domains Confidant expects requests from (%s). Confidant asks for the sender to be verified before anything else (its own policy: only the persons named in PCSC Act 2022 s.44E and s.44F may make a victim information request). Call the force's published switchboard, never a number given in the request.", shown, domainList(allowed)),
		"Call the force's published switchboard to verify the sender")
}

func domainList(ds []string) string {
	if len(ds) < 2 {
		return strings.Join(ds, "")
	}
	return strings.Join(ds[:len(ds)-1], ", ") + " or " + ds[len(ds)-1]
}

// whoMayAsk is s.44E(1) and s.44F(2) in a sentence.
const whoMayAsk = "Only the persons named in PCSC Act 2022 s.44E(1) and s.44F(2) may make a victim information request: constables and staff of the police forces of England and Wales (including the City of London Police and British Transport Police), the Ministry of Defence Police and the National Crime Agency, persons designated by the Director General of the IOPC, the Royal Navy Police, Royal Military Police and RAF Police, persons designated by the Service Police Complaints Commissioner, and contractors engaged by any of them."

// authorisedPerson checks s.44E(1) and s.44F(2): the force, by name, or the
// sender's, requester's or authoriser's domain, must not be one outside
// them. A name the data files do not know is judged by the domains alone.
func (c *checker) authorisedPerson() {
	force := strings.TrimSpace(c.r.Force)
	if b, ok := recogniseForce(force); ok && b.Scope == ScopeOutside {
		c.add(CodeRequesterNotAuthorisedPerson,
			fmt.Sprintf("The request comes from %q, read as %s (%s). %s Do not disclose under Chapter 3A; such a body must use its own legal route.", force, b.Name, b.Basis, whoMayAsk))
		return
	}
	if w, ok := forceOutOfScope(force, c.p.OutOfScopeForces); ok {
		c.add(CodeRequesterNotAuthorisedPerson,
			fmt.Sprintf("The request comes from %q, which this service lists as outside s.44E/F (%q). %s Do not disclose under Chapter 3A; such a body must use its own legal route.", force, w, whoMayAsk))
		return
	}
	outside := append(slices.Clip(c.p.OutOfScopeDomains), outsideDomains()...)
	for _, e := range []string{c.r.SenderEmail, c.r.Requester.Email, c.r.Authoriser.Email} {
		d := emailDomain(e)
		if d != "" && (underAny(d, outside) || foreignForceDomain(d, c.p.AllowedDomains)) {
			c.add(CodeRequesterNotAuthorisedPerson,
				fmt.Sprintf("The request comes from the domain %q, which belongs to a body outside England and Wales (for example Police Scotland, the PSNI or a force abroad). %s Do not disclose under Chapter 3A; such a body must use its own legal route.", d, whoMayAsk))
			return
		}
	}
}

// inWriting checks s.44C(1): a request must be in writing.
func (c *checker) inWriting() {
	if c.r.Channel == ChannelPhone {
		c.add(CodeNotInWriting,
			"The request was made by phone. A victim information request must be made in writing (PCSC Act 2022 s.44C(1)): ask the officer to send it in writing, and disclose nothing on the strength of a call.")
	}
}

// statements checks what the written request must specify (s.44C(1)): the
// information sought always; the reason and the handling unless left out
// on a s.44C(2) ground, which must then be verified. It also asks the
// reason to show the s.44A tests, which is Confidant's policy.
func (c *checker) statements() {
	r := c.r
	if blank(r.InformationSought) {
		c.add(CodeInformationSoughtMissing,
			"The request does not specify or describe the information sought, which PCSC Act 2022 s.44C(1)(a) requires. No ground excuses leaving it out (s.44C(2) covers only the reason and the handling): ask the force to say exactly which notes, for which period and on which issue.")
	}
	ground := r.OmittedStatementsGround
	grounded := strings.TrimSpace(string(ground)) != ""
	type stmt struct {
		code  Code
		value string
		msg   string // for a finding of its own
		short string // in a list of what was left out
	}
	const weigh = "The Act does not require the request to use these words, but Confidant asks the reason (s.44C(1)(b)) to show it, because the service cannot weigh a request whose reason is silent on it. Ask the force to say it."
	why := []stmt{
		{CodeReasonMissing, r.Reason,
			"The request does not specify the reason why the information is sought, which PCSC Act 2022 s.44C(1)(b) requires, and gives no s.44C(2) ground for leaving it out. Ask the force to state it.",
			"the reason"},
		{CodeLineOfEnquiryMissing, r.ReasonableLineOfEnquiry,
			"The request does not show the reasonable line of enquiry the information is relevant to. The authorised person must have reason to believe it is relevant to one (PCSC Act 2022 s.44A(3)(b)). " + weigh,
			"the line of enquiry"},
		{CodeNecessityProportionalityMissing, r.NecessityAndProportionality,
			"The request does not show why it is necessary and proportionate. The authorised person must be satisfied that it is (PCSC Act 2022 s.44A(3)(c)), and where it risks bringing in more than is needed, that there is no other reasonably practicable means of getting the information (s.44A(7)-(8)). " + weigh,
			"necessity and proportionality"},
		{CodeProbativeValueMissing, r.SubstantialProbativeValue,
			"The request does not show why the counselling information is likely to have substantial probative value. For counselling information the authorised person must have reason to believe that it is (PCSC Act 2022 s.44A(4)). " + weigh,
			"substantial probative value"},
	}
	var omitted []string
	for _, s := range why {
		if !blank(s.value) {
			continue
		}
		if grounded {
			omitted = append(omitted, s.short)
			continue
		}
		c.add(s.code, s.msg)
	}
	if len(omitted) > 0 {
		c.add(CodeWhySoughtOmittedOnGround,
			fmt.Sprintf("The request leaves out %s, on the ground that stating %s. PCSC Act 2022 s.44C(2) allows the reason to be left out where the authorised person considers that stating it is not reasonably practicable, might interfere with the investigation, or might risk serious harm to the victim or another person. The ground cannot be checked from the paper: confirm it with the authoriser.", listWords(omitted), groundWords(ground)),
			"Confirm with the authoriser the ground for not stating why the information is sought ("+groundWords(ground)+")")
	}
	if blank(r.Handling) {
		if grounded {
			c.add(CodeHandlingOmittedOnGround,
				fmt.Sprintf("The request does not say how the information will be dealt with once obtained, on the ground that stating %s. PCSC Act 2022 s.44C(2) allows that, but the ground cannot be checked from the paper: confirm it with the authoriser.", groundWords(ground)),
				"Confirm with the authoriser the ground for not stating how the information will be handled ("+groundWords(ground)+")")
		} else {
			c.add(CodeHandlingMissing,
				"The request does not specify how the information will be dealt with once obtained (storage, who sees it, how long it is kept, disclosure to the defence), which PCSC Act 2022 s.44C(1)(c) requires, and gives no s.44C(2) ground for leaving it out. Ask the force to state it.")
		}
	}
}

// listWords joins items as English does: "a", "a and b", "a, b and c".
func listWords(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// groundWords puts a ground (s.44B(5), s.44C(2)) into words that follow
// "on the ground that giving it" or "stating it".
func groundWords(g Ground) string {
	switch g {
	case GroundNotPracticable:
		return "it is not reasonably practicable"
	case GroundInterfereWithInvestigation:
		return "it might interfere with the investigation"
	case GroundSeriousHarm:
		return "it might risk serious harm"
	}
	return fmt.Sprintf("%q", strings.TrimSpace(string(g)))
}

// proportionate is why Confidant asks for a specific request.
const proportionate = "The authorised person must be satisfied that the request is necessary and proportionate (PCSC Act 2022 s.44A(3)(c)); Confidant asks every request to name a date range and the issue it concerns (its own policy) because without them the service cannot see that it is."

// scope checks what Confidant asks so that proportionality
// (s.44A(3)(c)) can be weighed: a date range and an issue, and not
// everything.
func (c *checker) scope() {
	r := c.r
	switch {
	case tooBroad(r.InformationSought):
		c.add(CodeRequestTooBroad,
			"The request asks for everything (\""+excerpt(r.InformationSought)+"\") rather than a specific extract. "+proportionate+" Where a request risks bringing in more than is needed, it is proportionate only if there is no other reasonably practicable means (s.44A(7)-(8)). Ask the force to narrow it.")
	case tooBroad(r.Topic):
		c.add(CodeRequestTooBroad,
			"The topic given (\""+excerpt(r.Topic)+"\") asks for everything rather than a specific issue. "+proportionate+" Ask the force to narrow it.")
	}
	from, okFrom := parseDate(r.Period.From)
	to, okTo := parseDate(r.Period.To)
	switch {
	case !okFrom || !okTo:
		c.add(CodePeriodMissing,
			"The request gives no usable date range for the notes sought (the start or the end is missing). "+proportionate+" Ask the force for the period.")
	case from.After(to):
		c.add(CodePeriodMissing,
			fmt.Sprintf("The period sought runs backwards (from %s to %s), so there is no usable date range. %s Ask the force to correct it.", r.Period.From, r.Period.To, proportionate))
	}
	if blank(r.Topic) {
		c.add(CodeTopicMissing,
			"The request names no issue (the incident, the account or the topic the notes must concern). "+proportionate+" Ask the force to state it.")
		if okFrom && okTo && to.After(from.AddDate(1, 0, 0)) {
			c.add(CodePeriodMultiYearWithoutIssue,
				fmt.Sprintf("The request covers more than a year (%s to %s) without naming an issue. %s", r.Period.From, r.Period.To, proportionate))
		}
	}
}

// excerpt shortens text for quoting in a message.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return string(r[:77]) + "..."
	}
	return s
}

// notice checks what the request says of the s.44B notice to the victim.
// The Act obliges the authorised person to give it, not the request to
// report it, so what the request leaves unsaid is asked, not counted
// against it.
func (c *checker) notice() {
	n := c.r.Notice
	switch n.Status {
	case NoticeGiven:
		c.recipient()
	case NoticeToFollow:
		c.add(CodeNoticeToFollow,
			"The request says notice to the victim will follow. PCSC Act 2022 s.44B(3) allows notice after the request only where giving it before was not practicable, and then as soon as reasonably practicable: confirm with the authoriser that it has now been given.",
			"Confirm with the authoriser that notice has been given to "+c.properRecipientWords())
		c.recipient()
	case NoticeWithheld:
		if strings.TrimSpace(string(n.Ground)) == "" {
			c.add(CodeNoticeWithheldWithoutGround,
				"The request says notice to the victim was withheld but not on which ground. Notice may be withheld only where giving it is not reasonably practicable, might interfere with the investigation, or might risk serious harm to the victim or another person (PCSC Act 2022 s.44B(5)). The Act does not oblige the request to name the ground: ask the authoriser which applies.",
				"Ask the authoriser on which s.44B(5) ground notice was withheld from the victim")
			return
		}
		c.add(CodeNoticeWithheld,
			fmt.Sprintf("Notice to the victim was withheld on the ground that giving it %s. That is a ground PCSC Act 2022 s.44B(5) allows, but it cannot be checked from the paper: verify it with the authoriser.", groundWords(n.Ground)),
			"Verify with the authoriser the ground for withholding notice from the victim ("+groundWords(n.Ground)+")")
		if n.Ground == GroundSeriousHarm {
			c.suppressClientContact()
		}
	case NoticeNone:
		c.add(CodeNoticeMissing,
			"The request says the victim has not been given notice, and gives no ground for withholding it. The authorised person must give the victim written notice of the request (PCSC Act 2022 s.44B(1)) unless giving it is not reasonably practicable, might interfere with the investigation, or might risk serious harm (s.44B(5)). Ask the force to give notice, or to say which ground applies.")
	default:
		c.add(CodeNoticeStatusNotStated,
			"The request does not say whether the victim has been given notice of it. The Act does not oblige it to say, but the authorised person must give the victim written notice (PCSC Act 2022 s.44B(1)) unless a ground in s.44B(5) applies. Confidant asks the authoriser which, so that the service knows what the client has been told.",
			"Ask the authoriser whether the victim has been given notice of the request, and if not, on which s.44B(5) ground")
	}
}

func (c *checker) suppressClientContact() {
	c.add(CodeClientContactSuppressed,
		"Notice was withheld because giving it might risk serious harm (PCSC Act 2022 s.44B(5)(c)). Confidant does not contact the client about this request on its own initiative (its own policy: telling the client could itself be the harm); the safeguarding lead decides, and can lift this.",
		"Do not contact the client about this request on the service's own initiative while notice is withheld for risk of serious harm")
}

// inCare reports whether the victim is in the care of a local authority or
// a voluntary organisation.
func (c *checker) inCare() bool {
	return c.r.Victim.InLocalAuthorityCare || c.r.Victim.InVoluntaryOrganisationCare
}

// needsProxy reports whether the notice must go to someone other than the
// victim (s.44B(4)): a victim under 18 or an adult lacking capacity. A
// victim in care whose age is not stated is taken to be a child.
func (c *checker) needsProxy() bool {
	v := c.r.Victim
	if v.LacksCapacity {
		return true
	}
	if v.Age != nil {
		return *v.Age < 18
	}
	return c.inCare()
}

// properRecipients are who s.44B(4) sends the notice to: for a victim in
// the care of a local authority or voluntary organisation, a person
// representing it; otherwise a parent or guardian.
func (c *checker) properRecipients() []Recipient {
	v := c.r.Victim
	if !c.needsProxy() {
		return []Recipient{RecipientVictim}
	}
	var rs []Recipient
	if v.InLocalAuthorityCare {
		rs = append(rs, RecipientLocalAuthority)
	}
	if v.InVoluntaryOrganisationCare {
		rs = append(rs, RecipientVoluntaryOrg)
	}
	if len(rs) > 0 {
		return rs
	}
	return []Recipient{RecipientParent, RecipientGuardian}
}

func (c *checker) properRecipientWords() string {
	if !c.needsProxy() {
		return "the victim"
	}
	var ws []string
	for _, r := range c.properRecipients() {
		switch r {
		case RecipientLocalAuthority:
			ws = append(ws, "a person representing the local authority in whose care the victim is")
		case RecipientVoluntaryOrg:
			ws = append(ws, "a person representing the voluntary organisation in whose care the victim is")
		}
	}
	if len(ws) > 0 {
		return strings.Join(ws, " or ")
	}
	return "the victim's parent or guardian"
}

func (c *checker) whyProxy() string {
	v := c.r.Victim
	switch {
	case v.Age != nil && *v.Age < 18:
		return fmt.Sprintf("the victim is %d, under 18", *v.Age)
	case v.LacksCapacity:
		return "the victim is an adult who lacks capacity"
	}
	return "the victim is a child in care"
}

// recipient checks who a notice given or to follow goes to (s.44B(4)).
func (c *checker) recipient() {
	n := c.r.Notice
	to := Recipient(strings.TrimSpace(string(n.To)))
	if to != "" {
		switch {
		case !c.needsProxy() && to != RecipientVictim:
			c.add(CodeNoticeToWrongRecipient,
				fmt.Sprintf("The notice goes to %s, but the victim is an adult with capacity, and PCSC Act 2022 s.44B(4) sends notice to someone else only for a child or an adult who lacks capacity: it must go to the victim (s.44B(1)). Ask the force to give notice to the victim.", recipientWords(to)))
		case c.needsProxy() && to == RecipientVictim:
			c.add(CodeNoticeToWrongRecipient,
				fmt.Sprintf("The notice goes to the victim directly, but %s, so PCSC Act 2022 s.44B(4) requires it to go to %s. Ask the force to give notice properly.", c.whyProxy(), c.properRecipientWords()))
		case c.needsProxy() && !slices.Contains(c.properRecipients(), to):
			c.add(CodeNoticeToOtherAdult,
				fmt.Sprintf("Because %s the notice should go to %s, but it goes to %s. PCSC Act 2022 s.44B(4) allows another adult the authorised person considers appropriate only where no such person is available: confirm that with the authoriser.", c.whyProxy(), c.properRecipientWords(), recipientWords(to)),
				"Confirm with the authoriser why notice went to "+recipientWords(to)+" and not to "+c.properRecipientWords())
		}
	}
	if n.RecipientIsSuspect {
		c.add(CodeNoticeRecipientIsSuspect,
			"The person given the notice is a suspect in the investigation. PCSC Act 2022 s.44B(4) sends the notice to someone who stands for the victim; Confidant treats a suspect as no proper recipient (its own reading, since the notice tells the recipient what is sought and why). Verify with the authoriser who else has been, or can be, given notice, and take care that nothing reaches the suspect through the service.",
			"Confirm with the authoriser that notice has gone to a proper recipient who is not the suspect")
	}
}

func recipientWords(r Recipient) string {
	switch r {
	case RecipientVictim:
		return "the victim"
	case RecipientParent:
		return "a parent"
	case RecipientGuardian:
		return "a guardian"
	case RecipientLocalAuthority:
		return "the local authority"
	case RecipientVoluntaryOrg:
		return "a voluntary organisation"
	case RecipientAppropriateAdult:
		return "another appropriate adult"
	case RecipientOther:
		return "someone else"
	}
	return fmt.Sprintf("%q", string(r))
}

// copRank is where the Chief Inspector threshold comes from.
const copRank = "The Victim Information Request Code of Practice, as the Home Office reported it on 12 January 2026, wants counselling information requests authorised at Chief Inspector rank or above."

// authorisation checks the Code of Practice's rank and Confidant's own
// rules on the authoriser: named, not the requester, and dated sensibly.
func (c *checker) authorisation() {
	a, q := c.r.Authoriser, c.r.Requester
	named := !blank(a.Name)
	if !named {
		c.add(CodeAuthoriserMissing,
			"Nobody is named as authorising the request. "+copRank+" Ask the force who authorised it.")
	}
	// With nobody named the rank is unclear too; both go in the letter.
	c.rank(a.Rank)
	sameEmail := strings.TrimSpace(a.Email) != "" &&
		strings.EqualFold(emailAddr(a.Email), emailAddr(q.Email))
	if (named && sameName(a.Name, q.Name)) || sameEmail {
		who := strings.TrimSpace(a.Name)
		if who == "" {
			who = strings.TrimSpace(a.Email)
		}
		c.add(CodeAuthoriserIsRequester,
			fmt.Sprintf("The request is authorised by the person who makes it (%s). Confidant asks for authorisation by someone else (its own policy): a second, senior officer's view is what the Code of Practice's authorisation is for, and it is the service's best evidence that the request was weighed as necessary and proportionate (PCSC Act 2022 s.44A(3)(c)). Ask the force for an independent authorisation.", who))
	}
	c.authorisationDates(named)
}

// emailAddr is an address as compared: trimmed, without a display name.
func emailAddr(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		s = strings.TrimSuffix(s[i+1:], ">")
	}
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "mailto:")))
}

// rank checks the authoriser's rank against the Chief Inspector threshold.
func (c *checker) rank(rank string) {
	written := strings.TrimSpace(rank)
	if blank(written) {
		c.add(CodeAuthoriserRankUnclear,
			"The authoriser's rank is not stated. "+copRank+" Confirm the rank with the force through its published switchboard.",
			"Confirm the authoriser's rank (Chief Inspector or above) with the force")
		return
	}
	rr := readRank(written, c.p.ExtraSeniorRanks)
	switch rr.level {
	case rankSenior:
		if rr.acting {
			c.add(CodeAuthoriserActingRank,
				fmt.Sprintf("The authoriser holds an acting or temporary rank (%q, read as acting %s). Confidant counts an acting rank at Chief Inspector or above as the rank.", written, rr.name))
		}
	case rankBelow:
		c.add(CodeAuthoriserRankTooLow,
			fmt.Sprintf("The authoriser's rank, %q (%s), is below Chief Inspector. %s Ask the force for authorisation by an officer of that rank or above.", written, rr.name, copRank))
	case rankRole:
		c.add(CodeAuthoriserRankUnclear,
			fmt.Sprintf("%q is a role, not a rank, so it does not show that the authoriser is a Chief Inspector or above. %s Confirm the authoriser's rank with the force through its published switchboard.", written, copRank),
			"Confirm the authoriser's rank (Chief Inspector or above) with the force")
	case rankGrade:
		c.add(CodeAuthoriserRankUnclear,
			fmt.Sprintf("%q reads as an NCA grade, which this service has not set as equivalent to Chief Inspector or above. %s Confirm the authoriser's seniority with the agency through its published switchboard.", written, copRank),
			"Confirm the authoriser's grade is equivalent to Chief Inspector or above with the NCA")
	default:
		c.add(CodeAuthoriserRankUnclear,
			fmt.Sprintf("The authoriser's rank, %q, is not one Confidant recognises. %s Confirm the rank with the force through its published switchboard.", written, copRank),
			"Confirm the authoriser's rank (Chief Inspector or above) with the force")
	}
}

// datesWhy is why Confidant looks at the authorisation's date.
const datesWhy = "(its own policy: the authorised person must be satisfied of the tests in PCSC Act 2022 s.44A(3) when the request is made, so the authorisation must come first and still stand)"

// authorisationDates checks the authorisation against the request and the
// day the request was received.
func (c *checker) authorisationDates(named bool) {
	r := c.r
	authorised, ok := parseDate(r.Authoriser.AuthorisedOn)
	if !ok {
		if named {
			msg := "The authoriser is named but the date of the authorisation is not stated. Confidant asks for it " + datesWhy + ": ask the force when the request was authorised."
			if strings.TrimSpace(r.Authoriser.AuthorisedOn) != "" {
				msg = fmt.Sprintf("The date of the authorisation (%q) is not a real date. Confidant asks for it %s: ask the force when the request was authorised.", r.Authoriser.AuthorisedOn, datesWhy)
			}
			c.add(CodeAuthorisationDateMissing, msg, "Ask the authoriser for the date of the authorisation")
		}
		return
	}
	received, okReceived := parseDate(r.ReceivedOn)
	requested, okRequested := parseDate(r.RequestDate)
	// FINDINGS.md compares with request_date, and with received_on only
	// when request_date is not stated.
	switch {
	case okRequested && authorised.After(requested):
		c.add(CodeAuthorisationAfterRequest,
			fmt.Sprintf("The request is dated %s but was authorised on %s, after it was made. Confidant asks that a request be authorised on or before the day it is made %s. Ask the force for a properly authorised request.", r.RequestDate, r.Authoriser.AuthorisedOn, datesWhy))
	case !okRequested && okReceived && authorised.After(received):
		c.add(CodeAuthorisationAfterRequest,
			fmt.Sprintf("The request was received on %s but its authorisation is dated %s, after it arrived. Confidant asks that a request be authorised on or before the day it is made %s. Ask the force for a properly authorised request.", r.ReceivedOn, r.Authoriser.AuthorisedOn, datesWhy))
	}
	if okReceived && received.Sub(authorised) > time.Duration(c.p.MaxAuthorisationAgeDays)*24*time.Hour {
		days := int(received.Sub(authorised).Hours() / 24)
		c.add(CodeAuthorisationStale,
			fmt.Sprintf("The authorisation is dated %s, %d days before the request was received. Confidant asks for confirmation of an authorisation more than %d days old %s: verify with the authoriser that it still stands.", r.Authoriser.AuthorisedOn, days, c.p.MaxAuthorisationAgeDays, datesWhy),
			"Re-verify that the authorisation of "+r.Authoriser.AuthorisedOn+" still stands")
	}
}

// legalBasis checks that the request does not present DPA 2018 Sch.2 para 2
// as a legal obligation to disclose.
func (c *checker) legalBasis() {
	if dpaAsObligation(c.r.LegalBasisCited) {
		c.add(CodeDPACitedAsObligation,
			"The request relies on the Data Protection Act 2018 Schedule 2 paragraph 2 as if it obliged the service to disclose. It does not: it lets a provider disclose for the prevention or detection of crime without breaching some data protection rules, and never compels disclosure. A victim information request rests on PCSC Act 2022 s.44A; say so in the reply.")
	}
}

// compulsionClaimed notes a victim information request that says the
// service must disclose. s.44A(1) says such a request must be made in
// accordance with Chapter 3A; the Chapter's duties fall on the authorised
// person who asks, none on the person asked, and only a court compels.
func (c *checker) compulsionClaimed() {
	if c.has(CodeDPACitedAsObligation) || !claimsCompulsion(c.r.LegalBasisCited) {
		return
	}
	c.add(CodeCompulsionClaimed,
		fmt.Sprintf("The request says the service is bound to disclose (\"%s\"). A victim information request must be made in accordance with Chapter 3A of the PCSC Act 2022 (s.44A(1)), whose duties fall on the authorised person who asks; nothing in ss.44A-44F obliges the service to answer, and only a court process, such as a witness summons or order, compels production. Say in the reply that disclosure under Chapter 3A is voluntary, and decide on the request as a request.", excerpt(c.r.LegalBasisCited)),
		"Say in the reply that disclosure under Chapter 3A is voluntary and the request compels nothing")
}
