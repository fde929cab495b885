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
// and a message a safeguarding lead can act on.
type Finding struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Law      string   `json:"law"`
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
	sev, law := code.info()
	c.findings = append(c.findings, Finding{Code: code, Severity: sev, Law: law, Message: msg})
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
			"This is not a victim information request under PCSC Act 2022 s.44A from a person who may make one (s.44E), so that route to the notes does not apply. Do not disclose on the strength of it: ask the sender what power they rely on, or reply refusing.")
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
		v.FollowUps = append(v.FollowUps, "Reply refusing: the sender may not make a victim information request (s.44E); disclose nothing")
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
	if c.r.Kind == KindWitnessSummons {
		what = "a witness summons"
	}
	doc := strings.TrimPrefix(what, "a ")
	followUps := []string{"Diarise the date for production in the " + doc + " and take advice promptly on whether to apply to set it aside or vary it"}
	if !c.clientContactSuppressed() {
		followUps = append(followUps, "Tell the client about the "+doc+" unless the court has forbidden it")
	}
	c.add(CodeCourtProcess,
		fmt.Sprintf("This is %s, a court process that compels production: the client's consent is not the gate. The safeguarding lead still approves what is produced, third parties are still redacted where the court allows, the client is told unless the court forbids it, and a summons may be challenged by an application to set it aside (s.2C).", what),
		followUps...)
}

// senderChecks look at the email domains: a lookalike of a police domain on
// any address is suspected fraud; a sender on any other domain must be
// verified by a call to the force's published switchboard.
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
			fmt.Sprintf("Suspected fraud: %s, which imitates a police domain but is not one (requests come from %s). Do not reply to that address or call any number in the request: alert the safeguarding lead and contact the force only through its published switchboard or address.",
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
		fmt.Sprintf("The request was sent from %q, which is not a police, NCA or secure criminal justice domain (%s). Before going any further, verify that it really comes from the officer by calling the force's published switchboard, never a number given in the request.", shown, domainList(allowed)),
		"Call the force's published switchboard to verify the sender")
}

func domainList(ds []string) string {
	if len(ds) < 2 {
		return strings.Join(ds, "")
	}
	return strings.Join(ds[:len(ds)-1], ", ") + " or " + ds[len(ds)-1]
}

// authorisedPerson checks s.44E: the force, by name or email domain, must be
// one that may make a victim information request.
func (c *checker) authorisedPerson() {
	if _, ok := forceOutOfScope(c.r.Force, c.p.OutOfScopeForces); ok {
		c.add(CodeRequesterNotAuthorisedPerson,
			fmt.Sprintf("The request comes from %q, which is not one of the bodies that may make a victim information request: the police forces of England and Wales, British Transport Police, MoD Police, the NCA, IOPC designated staff and service police (s.44E/F). Do not disclose under the PCSC Act; such a body must use its own legal route.", strings.TrimSpace(c.r.Force)))
		return
	}
	for _, e := range []string{c.r.SenderEmail, c.r.Requester.Email, c.r.Authoriser.Email} {
		d := emailDomain(e)
		if d != "" && (underAny(d, c.p.OutOfScopeDomains) || foreignForceDomain(d, c.p.AllowedDomains)) {
			c.add(CodeRequesterNotAuthorisedPerson,
				fmt.Sprintf("The request comes from the domain %q, which belongs to a force outside England and Wales (for example Police Scotland or the PSNI) that may not make a victim information request (s.44E/F). Do not disclose under the PCSC Act; a request from such a force must come through its own legal route.", d))
			return
		}
	}
}

// inWriting checks s.44C: a request must be in writing.
func (c *checker) inWriting() {
	if c.r.Channel == ChannelPhone {
		c.add(CodeNotInWriting,
			"The request was made by phone. A victim information request must be in writing (s.44C): ask the officer to send it in writing, and disclose nothing on the strength of a call.")
	}
}

// statements checks what the request must state (s.44A, s.44C): what is
// sought always; why and how it will be handled unless left out on a stated
// s.44B(5) ground, which must then be verified.
func (c *checker) statements() {
	r := c.r
	if blank(r.InformationSought) {
		c.add(CodeInformationSoughtMissing,
			"The request does not say what information is sought. This can never be left out (s.44C(2)(a)): ask the force to state exactly which notes, for which period and on which issue.")
	}
	ground := r.OmittedStatementsGround
	grounded := strings.TrimSpace(string(ground)) != ""
	type stmt struct {
		code  Code
		value string
		what  string // in full, for a finding of its own
		short string // in a list of what was left out
	}
	why := []stmt{
		{CodeReasonMissing, r.Reason, "why the police believe the service holds the information (s.44A(3)(a))", "the reason (s.44A(3)(a))"},
		{CodeLineOfEnquiryMissing, r.ReasonableLineOfEnquiry, "the reasonable line of enquiry the information is relevant to (s.44A(3)(b))", "the line of enquiry (s.44A(3)(b))"},
		{CodeNecessityProportionalityMissing, r.NecessityAndProportionality, "why the request is necessary and proportionate, including why the information cannot be had another way (s.44A(3)(c))", "necessity and proportionality (s.44A(3)(c))"},
		{CodeProbativeValueMissing, r.SubstantialProbativeValue, "why the notes would have substantial probative value to the investigation (s.44A(4))", "substantial probative value (s.44A(4))"},
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
		c.add(s.code, fmt.Sprintf("The request does not state %s, and gives no ground for leaving it out. Ask the force to state it before anything else is done.", s.what))
	}
	if len(omitted) > 0 {
		c.add(CodeWhySoughtOmittedOnGround,
			fmt.Sprintf("The request does not say why the information is sought (it leaves out %s), on the ground that %s. That ground is allowed (s.44C(2)(b), s.44B(5)) but cannot be proved from the paper: confirm it with the authorising officer.", listWords(omitted), groundWords(ground)),
			"Confirm with the authoriser the ground for not stating why the information is sought ("+groundWords(ground)+")")
	}
	if blank(r.Handling) {
		if grounded {
			c.add(CodeHandlingOmittedOnGround,
				fmt.Sprintf("The request does not say how the information will be handled (storage, who sees it, retention, disclosure to the defence), on the ground that %s. Confirm that ground with the authorising officer (s.44C(2)(c)).", groundWords(ground)),
				"Confirm with the authoriser the ground for not stating how the information will be handled ("+groundWords(ground)+")")
		} else {
			c.add(CodeHandlingMissing,
				"The request does not say how the information will be handled: where it will be stored, who will see it, how long it will be kept and whether it goes to the defence (s.44C(2)(c)). Ask the force to state it.")
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

// groundWords puts a s.44B(5) ground into words.
func groundWords(g Ground) string {
	switch g {
	case GroundNotPracticable:
		return "it is not practicable"
	case GroundInterfereWithInvestigation:
		return "it might interfere with the investigation"
	case GroundSeriousHarm:
		return "it might create a risk of serious harm"
	}
	return fmt.Sprintf("%q", strings.TrimSpace(string(g)))
}

// scope checks proportionality (s.44A(3)(c)): a request must name a date
// range and the issue it concerns, and must not ask for everything.
func (c *checker) scope() {
	r := c.r
	switch {
	case tooBroad(r.InformationSought):
		c.add(CodeRequestTooBroad,
			"The request asks for everything (\""+excerpt(r.InformationSought)+"\") rather than a specific extract. Police start from the presumption that counselling notes are not needed; a proportionate request names a date range and the issue concerned (s.44A(3)(c)). Ask the force to narrow it.")
	case tooBroad(r.Topic):
		c.add(CodeRequestTooBroad,
			"The topic given (\""+excerpt(r.Topic)+"\") asks for everything rather than a specific issue. A proportionate request names a date range and the incident, account or topic concerned (s.44A(3)(c)). Ask the force to narrow it.")
	}
	from, okFrom := parseDate(r.Period.From)
	to, okTo := parseDate(r.Period.To)
	switch {
	case !okFrom || !okTo:
		c.add(CodePeriodMissing,
			"The request gives no usable date range for the notes sought (the start or the end is missing). A proportionate request names the period (s.44A(3)(c)): ask the force for it.")
	case from.After(to):
		c.add(CodePeriodMissing,
			fmt.Sprintf("The period sought runs backwards (from %s to %s), so there is no usable date range (s.44A(3)(c)). Ask the force to correct it.", r.Period.From, r.Period.To))
	}
	if blank(r.Topic) {
		c.add(CodeTopicMissing,
			"The request names no issue (the incident, the account or the topic the notes must concern), so it is not specific (s.44A(3)(c)). Ask the force to state it.")
		if okFrom && okTo && to.After(from.AddDate(1, 0, 0)) {
			c.add(CodePeriodMultiYearWithoutIssue,
				fmt.Sprintf("The request covers more than a year (%s to %s) without naming an issue: a multi-year trawl fails proportionality (s.44A(3)(c)).", r.Period.From, r.Period.To))
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

// notice checks the s.44B notice to the victim.
func (c *checker) notice() {
	n := c.r.Notice
	switch n.Status {
	case NoticeGiven:
		c.recipient()
	case NoticeToFollow:
		c.add(CodeNoticeToFollow,
			"The request says notice to the victim will follow. That is lawful only where giving it before the request was not practicable (s.44B): confirm with the authoriser that it has now been given before going further.",
			"Confirm with the authoriser that notice has been given to "+c.properRecipientWords())
		c.recipient()
	case NoticeWithheld:
		if strings.TrimSpace(string(n.Ground)) == "" {
			c.add(CodeNoticeWithheldWithoutGround,
				"The request says notice to the victim has been withheld but gives no ground. Notice may be withheld only where giving it is not practicable, might interfere with the investigation or might create a risk of serious harm, and the ground must be stated (s.44B(5)).")
			return
		}
		c.add(CodeNoticeWithheld,
			fmt.Sprintf("Notice to the victim has been withheld on the ground that %s. That ground is allowed (s.44B(5)) but cannot be proved from the paper: verify it with the authorising officer.", groundWords(n.Ground)),
			"Verify with the authoriser the ground for withholding notice from the victim ("+groundWords(n.Ground)+")")
		if n.Ground == GroundSeriousHarm {
			c.suppressClientContact()
		}
	default:
		c.add(CodeNoticeMissing,
			"The request does not say that the victim has been, or will be, given written notice of it. Notice is required before or on the day of the request unless withheld on a stated ground (s.44B): ask the force.")
	}
}

func (c *checker) suppressClientContact() {
	c.add(CodeClientContactSuppressed,
		"Notice was withheld because telling the client might create a risk of serious harm. The service must not tell the client about this request on its own initiative: automatic client contact is switched off for it (s.44B(5)).",
		"Do not contact the client about this request on the service's own initiative while notice is withheld for risk of serious harm")
}

// needsProxy reports whether the notice must go to someone other than the
// victim: a victim under 18 or lacking capacity. A child in local
// authority care whose age is not stated is taken to be a child.
func (c *checker) needsProxy() bool {
	v := c.r.Victim
	if v.LacksCapacity {
		return true
	}
	if v.Age != nil {
		return *v.Age < 18
	}
	return v.InLocalAuthorityCare
}

// properRecipients are who the notice should go to.
func (c *checker) properRecipients() []Recipient {
	v := c.r.Victim
	if !c.needsProxy() {
		return []Recipient{RecipientVictim}
	}
	if v.InLocalAuthorityCare && (v.Age == nil || *v.Age < 18) {
		// For a child in local authority care the authority stands in for
		// the parent; a parent is then "another adult", to be verified.
		// FINDINGS.md names the authority only for a child, so an adult
		// lacking capacity goes to a parent or guardian even if the record
		// says "in care"; an unstated age with "in care" is taken as a child.
		return []Recipient{RecipientLocalAuthority}
	}
	return []Recipient{RecipientParent, RecipientGuardian}
}

func (c *checker) properRecipientWords() string {
	if !c.needsProxy() {
		return "the victim"
	}
	rs := c.properRecipients()
	if len(rs) == 1 && rs[0] == RecipientLocalAuthority {
		return "a representative of the local authority in whose care the victim is"
	}
	return "the victim's parent or guardian"
}

func (c *checker) whyProxy() string {
	v := c.r.Victim
	switch {
	case v.Age != nil && *v.Age < 18:
		return fmt.Sprintf("the victim is %d, under 18", *v.Age)
	case v.LacksCapacity:
		return "the victim lacks capacity"
	}
	return "the victim is a child in local authority care"
}

// recipient checks who a notice given or to follow goes to (s.44B).
func (c *checker) recipient() {
	n := c.r.Notice
	to := Recipient(strings.TrimSpace(string(n.To)))
	if to != "" {
		switch {
		case !c.needsProxy() && to != RecipientVictim:
			c.add(CodeNoticeToWrongRecipient,
				fmt.Sprintf("The notice goes to %s, but the victim is an adult with capacity and the notice must go to the victim personally (s.44B). Ask the force to give notice to the victim.", recipientWords(to)))
		case c.needsProxy() && to == RecipientVictim:
			c.add(CodeNoticeToWrongRecipient,
				fmt.Sprintf("The notice goes to the victim directly, but %s, so it must go to %s (s.44B). Ask the force to give notice properly.", c.whyProxy(), c.properRecipientWords()))
		case c.needsProxy() && !slices.Contains(c.properRecipients(), to):
			c.add(CodeNoticeToOtherAdult,
				fmt.Sprintf("Because %s the notice should go to %s, but it goes to %s. That is allowed only where no proper recipient is available (s.44B): confirm this with the authorising officer.", c.whyProxy(), c.properRecipientWords(), recipientWords(to)),
				"Confirm with the authoriser why notice went to "+recipientWords(to)+" and not to "+c.properRecipientWords())
		}
	}
	if n.RecipientIsSuspect {
		c.add(CodeNoticeRecipientIsSuspect,
			"The person given the notice is a suspect in the investigation, and a suspect is no proper recipient (s.44B). Verify with the authorising officer who else has been, or can be, given notice, and take care that nothing reaches the suspect through the service.",
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
	case RecipientAppropriateAdult:
		return "another appropriate adult"
	case RecipientOther:
		return "someone else"
	}
	return fmt.Sprintf("%q", string(r))
}

// authorisation checks the Code of Practice: a named authoriser of Chief
// Inspector rank or above who is not the requester, and dates that fit.
func (c *checker) authorisation() {
	a, q := c.r.Authoriser, c.r.Requester
	named := !blank(a.Name)
	if !named {
		c.add(CodeAuthoriserMissing,
			"Nobody is named as authorising the request. The Code of Practice requires authorisation by an officer of Chief Inspector rank or above who is not the requesting officer: ask the force who authorised it.")
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
			fmt.Sprintf("The request is authorised by the officer who makes it (%s). The Code of Practice requires authorisation by a different, senior officer: ask the force for an independent authorisation.", who))
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
			"The authoriser's rank is not stated. Authorisation must be at Chief Inspector rank or above: confirm the rank with the force through its published switchboard.",
			"Confirm the authoriser's rank (Chief Inspector or above) with the force")
		return
	}
	rr := readRank(written, c.p.ExtraSeniorRanks)
	switch rr.level {
	case rankSenior:
		if rr.acting {
			c.add(CodeAuthoriserActingRank,
				fmt.Sprintf("The authoriser holds an acting or temporary rank (%q, read as acting %s). An acting rank at Chief Inspector or above counts as the rank.", written, rr.name))
		}
	case rankBelow:
		c.add(CodeAuthoriserRankTooLow,
			fmt.Sprintf("The authoriser's rank, %q (%s), is below Chief Inspector. The Code of Practice requires authorisation at Chief Inspector rank or above: ask the force for authorisation by a senior officer.", written, rr.name))
	case rankRole:
		c.add(CodeAuthoriserRankUnclear,
			fmt.Sprintf("%q is a role, not a rank, so it does not show that the authoriser is a Chief Inspector or above. Confirm the authoriser's rank with the force through its published switchboard.", written),
			"Confirm the authoriser's rank (Chief Inspector or above) with the force")
	case rankGrade:
		c.add(CodeAuthoriserRankUnclear,
			fmt.Sprintf("%q reads as an NCA grade, which this service has not set as equivalent to Chief Inspector or above. Confirm the authoriser's seniority with the agency through its published switchboard.", written),
			"Confirm the authoriser's grade is equivalent to Chief Inspector or above with the NCA")
	default:
		c.add(CodeAuthoriserRankUnclear,
			fmt.Sprintf("The authoriser's rank, %q, is not one Confidant recognises. Authorisation must be at Chief Inspector rank or above: confirm the rank with the force through its published switchboard.", written),
			"Confirm the authoriser's rank (Chief Inspector or above) with the force")
	}
}

// authorisationDates checks the authorisation against the request and the
// day the request was received.
func (c *checker) authorisationDates(named bool) {
	r := c.r
	authorised, ok := parseDate(r.Authoriser.AuthorisedOn)
	if !ok {
		if named {
			msg := "The authoriser is named but the date of the authorisation is not stated. Ask the force when the request was authorised."
			if strings.TrimSpace(r.Authoriser.AuthorisedOn) != "" {
				msg = fmt.Sprintf("The date of the authorisation (%q) is not a real date. Ask the force when the request was authorised.", r.Authoriser.AuthorisedOn)
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
			fmt.Sprintf("The request is dated %s but was authorised on %s, after it was made. A request must be authorised before it is made: ask the force for a properly authorised request.", r.RequestDate, r.Authoriser.AuthorisedOn))
	case !okRequested && okReceived && authorised.After(received):
		c.add(CodeAuthorisationAfterRequest,
			fmt.Sprintf("The request was received on %s but its authorisation is dated %s, after it arrived. A request must be authorised before it is made: ask the force for a properly authorised request.", r.ReceivedOn, r.Authoriser.AuthorisedOn))
	}
	if okReceived && received.Sub(authorised) > time.Duration(c.p.MaxAuthorisationAgeDays)*24*time.Hour {
		days := int(received.Sub(authorised).Hours() / 24)
		c.add(CodeAuthorisationStale,
			fmt.Sprintf("The authorisation is dated %s, %d days before the request was received (more than %d). Verify with the authorising officer that it still stands.", r.Authoriser.AuthorisedOn, days, c.p.MaxAuthorisationAgeDays),
			"Re-verify that the authorisation of "+r.Authoriser.AuthorisedOn+" still stands")
	}
}

// legalBasis checks that the request does not present DPA 2018 Sch.2 para 2
// as a legal obligation to disclose.
func (c *checker) legalBasis() {
	if dpaAsObligation(c.r.LegalBasisCited) {
		c.add(CodeDPACitedAsObligation,
			"The request relies on the Data Protection Act 2018 Schedule 2 paragraph 2 as if it obliged the service to disclose. It does not: it permits disclosure without breaching some data protection rules, and never compels it. A victim information request rests on PCSC Act 2022 s.44A; say so in the reply.")
	}
}
