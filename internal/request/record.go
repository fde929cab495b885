package request

// Record is one police request for counselling records, as the lead records
// it and as check-request reads it (CONTRACT.md, "Request record"). Dates are
// YYYY-MM-DD strings; an empty string means "not stated". Text fields hold
// what the request says, in its own words.
type Record struct {
	Kind                        Kind       `json:"kind"`
	ReceivedOn                  string     `json:"received_on"`
	Channel                     Channel    `json:"channel"`
	SenderEmail                 string     `json:"sender_email"`
	Force                       string     `json:"force"`
	Requester                   Requester  `json:"requester"`
	Authoriser                  Authoriser `json:"authoriser"`
	RequestDate                 string     `json:"request_date"`
	InformationSought           string     `json:"information_sought"`
	Period                      Period     `json:"period"`
	Topic                       string     `json:"topic"`
	Reason                      string     `json:"reason"`
	ReasonableLineOfEnquiry     string     `json:"reasonable_line_of_enquiry"`
	NecessityAndProportionality string     `json:"necessity_and_proportionality"`
	SubstantialProbativeValue   string     `json:"substantial_probative_value"`
	Handling                    string     `json:"handling"`
	OmittedStatementsGround     Ground     `json:"omitted_statements_ground"`
	Victim                      Victim     `json:"victim"`
	Notice                      Notice     `json:"notice"`
	LegalBasisCited             string     `json:"legal_basis_cited"`
}

// Requester is the officer who makes the request.
type Requester struct {
	Name  string `json:"name"`
	Rank  string `json:"rank"`
	Email string `json:"email"`
}

// Authoriser is the officer who authorised the request; the Code of Practice
// wants Chief Inspector or above, and not the requester.
type Authoriser struct {
	Name         string `json:"name"`
	Rank         string `json:"rank"`
	Email        string `json:"email"`
	AuthorisedOn string `json:"authorised_on"`
}

// Period is the date range of the notes sought, both ends inclusive.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Victim holds what decides who must receive the s.44B notice. Age is a
// pointer because an absent age ("not stated") is not an age of zero. The
// two "in care" flags matter only for a victim under 18 or an adult who
// lacks capacity (s.44B(4)): the notice then goes to a person representing
// the local authority or voluntary organisation in whose care they are.
type Victim struct {
	Age                         *int `json:"age"`
	LacksCapacity               bool `json:"lacks_capacity"`
	InLocalAuthorityCare        bool `json:"in_local_authority_care"`
	InVoluntaryOrganisationCare bool `json:"in_voluntary_organisation_care,omitempty"`
}

// Notice is what the request says about the s.44B notice to the victim.
type Notice struct {
	Status             NoticeStatus `json:"status"`
	GivenOn            string       `json:"given_on"`
	To                 Recipient    `json:"to"`
	RecipientIsSuspect bool         `json:"recipient_is_suspect"`
	Ground             Ground       `json:"ground"`
	Explanation        string       `json:"explanation"`
}

// Kind says what sort of demand a request is; only a court process compels.
type Kind string

// The kinds of request. An empty Kind is "not stated" and is checked as a
// victim information request, the path with every check.
const (
	KindVictimInformationRequest Kind = "victim_information_request"
	KindWitnessSummons           Kind = "witness_summons"
	KindCourtOrder               Kind = "court_order"
	KindOther                    Kind = "other"
)

// Channel is how the request arrived.
type Channel string

// The channels. Only ChannelPhone fails s.44C(1) (a request must be in writing).
const (
	ChannelEmail       Channel = "email"
	ChannelSecureEmail Channel = "secure_email"
	ChannelPost        Channel = "post"
	ChannelHand        Channel = "hand"
	ChannelPhone       Channel = "phone"
)

// Ground is a ground for leaving something out: the same three grounds let
// the notice to the victim be withheld (s.44B(5)(a)-(c)) and the reason and
// handling be left out of the request (s.44C(2)(a)-(c)).
type Ground string

// The grounds. GroundNone is the empty string: no ground stated.
const (
	GroundNone                       Ground = ""
	GroundNotPracticable             Ground = "not_practicable"
	GroundInterfereWithInvestigation Ground = "interfere_with_investigation"
	GroundSeriousHarm                Ground = "serious_harm"
)

// NoticeStatus is whether the victim has had the s.44B notice.
type NoticeStatus string

// The notice statuses. An empty status is "not stated": the Act does not
// oblige a request to say whether notice was given, so that is verified,
// not counted as NoticeNone.
const (
	NoticeGiven    NoticeStatus = "given"
	NoticeToFollow NoticeStatus = "to_follow"
	NoticeWithheld NoticeStatus = "withheld"
	NoticeNone     NoticeStatus = "none"
)

// Recipient is who the notice went, or will go, to.
type Recipient string

// The notice recipients.
const (
	RecipientVictim           Recipient = "victim"
	RecipientParent           Recipient = "parent"
	RecipientGuardian         Recipient = "guardian"
	RecipientLocalAuthority   Recipient = "local_authority"
	RecipientVoluntaryOrg     Recipient = "voluntary_organisation"
	RecipientAppropriateAdult Recipient = "appropriate_adult"
	RecipientOther            Recipient = "other"
)

// Option is one allowed value of an enumerated field, with the label a form
// shows for it.
type Option struct {
	Value string
	Label string
}

// Kinds lists the values of Record.Kind with labels, in form order.
func Kinds() []Option {
	return []Option{
		{string(KindVictimInformationRequest), "Victim information request (PCSC Act 2022 s.44A)"},
		{string(KindWitnessSummons), "Witness summons (Crown Court)"},
		{string(KindCourtOrder), "Court order"},
		{string(KindOther), "Something else"},
	}
}

// Channels lists the values of Record.Channel with labels.
func Channels() []Option {
	return []Option{
		{string(ChannelEmail), "Email"},
		{string(ChannelSecureEmail), "Secure email (for example CJSM)"},
		{string(ChannelPost), "Post"},
		{string(ChannelHand), "Delivered by hand"},
		{string(ChannelPhone), "Phone call"},
	}
}

// Grounds lists the values of Record.OmittedStatementsGround and
// Notice.Ground with labels; the first, empty, value means no ground.
func Grounds() []Option {
	return []Option{
		{string(GroundNone), "No ground stated"},
		{string(GroundNotPracticable), "Not practicable"},
		{string(GroundInterfereWithInvestigation), "Might interfere with the investigation"},
		{string(GroundSeriousHarm), "Might create a risk of serious harm"},
	}
}

// NoticeStatuses lists the values of Notice.Status with labels.
func NoticeStatuses() []Option {
	return []Option{
		{string(NoticeGiven), "Notice given"},
		{string(NoticeToFollow), "Notice to follow"},
		{string(NoticeWithheld), "Notice withheld"},
		{string(NoticeNone), "No notice given (and no ground)"},
	}
}

// Recipients lists the values of Notice.To with labels.
func Recipients() []Option {
	return []Option{
		{string(RecipientVictim), "The victim (the client)"},
		{string(RecipientParent), "A parent"},
		{string(RecipientGuardian), "A guardian"},
		{string(RecipientLocalAuthority), "The local authority in whose care the victim is"},
		{string(RecipientVoluntaryOrg), "The voluntary organisation in whose care the victim is"},
		{string(RecipientAppropriateAdult), "Another appropriate adult"},
		{string(RecipientOther), "Someone else"},
	}
}

// FieldHelp maps each field of a request record, by its JSON path (for
// example "authoriser.rank"), to one sentence on what it means in law, for
// the intake form to show beside the field. Where a rule is Confidant's own
// policy rather than the Act's, the sentence says so. It returns a new map
// each call.
func FieldHelp() map[string]string {
	return map[string]string{
		"kind":                                  "Only a court order or a Crown Court witness summons compels production; a victim information request (PCSC Act 2022 s.44A) asks, and the service may refuse.",
		"received_on":                           "The date the service received the request; Confidant counts the age of the authorisation from it.",
		"channel":                               "A victim information request must be in writing (s.44C(1)); a phone call is not one.",
		"sender_email":                          "Confidant asks for requests from police.uk, nca.gov.uk, policeconduct.gov.uk, mod.gov.uk or cjsm.net addresses, and verifies anything else by calling the force's published switchboard.",
		"force":                                 "Only the bodies in s.44E and s.44F may make these requests: the police forces of England and Wales (with BTP), MoD Police, the NCA, IOPC designated staff, service police and their contractors; Police Scotland, the PSNI and forces abroad may not.",
		"requester.name":                        "The person making the request; Confidant asks that someone else authorise it.",
		"requester.rank":                        "The requester's rank; any rank may ask, but the Code of Practice (as reported) wants a Chief Inspector or above to authorise.",
		"requester.email":                       "The requester's address, checked for imitation police domains.",
		"authoriser.name":                       "The officer who authorised the request; Confidant asks that it be someone other than the requester.",
		"authoriser.rank":                       "The Code of Practice (as reported) wants authorisation at Chief Inspector rank or above; a role such as Senior Investigating Officer is not a rank.",
		"authoriser.authorised_on":              "Confidant asks that the authorisation not postdate the request, and verifies one more than 90 days old at receipt.",
		"authoriser.email":                      "The authoriser's address, checked for imitation police domains and for being the requester's own.",
		"request_date":                          "The date on the request itself; notice to the victim is due on or before it, or as soon as practicable after (s.44B(3)).",
		"information_sought":                    "The request must specify or describe the information sought (s.44C(1)(a)); no ground excuses leaving it out.",
		"period.from":                           "The start of the period of notes sought; Confidant asks for a date range because the request must be proportionate (s.44A(3)(c)).",
		"period.to":                             "The end of the period of notes sought; a multi-year period with no stated issue cannot be weighed for proportionality (s.44A(3)(c)).",
		"topic":                                 "The incident, account or topic the notes must concern; Confidant asks for it so that proportionality can be weighed (s.44A(3)(c)).",
		"reason":                                "The request must specify why the information is sought (s.44C(1)(b)).",
		"reasonable_line_of_enquiry":            "Confidant asks the reason to show the reasonable line of enquiry the information is relevant to (s.44A(3)(b)).",
		"necessity_and_proportionality":         "Confidant asks the reason to show why the request is necessary and proportionate, including why there is no other practicable means (s.44A(3)(c), (7)-(8)).",
		"substantial_probative_value":           "Confidant asks the reason to show why the counselling information is likely to have substantial probative value (s.44A(4)).",
		"handling":                              "The request must specify how the information will be dealt with once obtained (s.44C(1)(c)).",
		"omitted_statements_ground":             "The reason and the handling may be left out where stating them is not reasonably practicable, might interfere with the investigation or might risk serious harm (s.44C(2)); Confidant verifies the ground.",
		"victim.age":                            "The victim's age; for a victim under 18 the notice goes to a parent or guardian, or to whoever represents the authority or organisation caring for them (s.44B(4)).",
		"victim.lacks_capacity":                 "For an adult who lacks capacity the notice goes to a parent or guardian, or to whoever represents the authority or organisation caring for them (s.44B(4)).",
		"victim.in_local_authority_care":        "For a child or an adult lacking capacity in local authority care, the notice goes to a person representing that authority (s.44B(4)).",
		"victim.in_voluntary_organisation_care": "For a child or an adult lacking capacity in the care of a voluntary organisation, the notice goes to a person representing it (s.44B(4)).",
		"notice.status":                         "The authorised person must give the victim written notice (s.44B(1)) unless a s.44B(5) ground applies; the Act does not oblige the request to say which, so Confidant asks.",
		"notice.given_on":                       "Notice is due on or before the day of the request, or as soon as reasonably practicable after where before was not practicable (s.44B(3)).",
		"notice.to":                             "Who received the notice: the victim if an adult with capacity; otherwise a parent or guardian, or the caring authority or organisation (s.44B(4)).",
		"notice.recipient_is_suspect":           "Confidant treats a suspect as no proper recipient of the notice, even as a parent, and verifies who else was told.",
		"notice.ground":                         "The ground for withholding notice (s.44B(5)); on the serious-harm ground Confidant does not contact the client itself.",
		"notice.explanation":                    "What the police say about the notice, in their words.",
		"legal_basis_cited":                     "The power the request relies on; a victim information request compels nothing, and DPA 2018 Sch.2 para 2 permits disclosure but never compels it.",
	}
}
