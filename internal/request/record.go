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
// pointer because an absent age ("not stated") is not an age of zero.
type Victim struct {
	Age                  *int `json:"age"`
	LacksCapacity        bool `json:"lacks_capacity"`
	InLocalAuthorityCare bool `json:"in_local_authority_care"`
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

// The channels. Only ChannelPhone fails s.44C (a request must be in writing).
const (
	ChannelEmail       Channel = "email"
	ChannelSecureEmail Channel = "secure_email"
	ChannelPost        Channel = "post"
	ChannelHand        Channel = "hand"
	ChannelPhone       Channel = "phone"
)

// Ground is a s.44B(5) ground, used both for leaving statements out of the
// request (s.44C) and for withholding the notice to the victim.
type Ground string

// The s.44B(5) grounds. GroundNone is the empty string: no ground stated.
const (
	GroundNone                       Ground = ""
	GroundNotPracticable             Ground = "not_practicable"
	GroundInterfereWithInvestigation Ground = "interfere_with_investigation"
	GroundSeriousHarm                Ground = "serious_harm"
)

// NoticeStatus is whether the victim has had the s.44B notice.
type NoticeStatus string

// The notice statuses. An empty status is checked as NoticeNone.
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
		{string(NoticeNone), "No notice mentioned"},
	}
}

// Recipients lists the values of Notice.To with labels.
func Recipients() []Option {
	return []Option{
		{string(RecipientVictim), "The victim (the client)"},
		{string(RecipientParent), "A parent"},
		{string(RecipientGuardian), "A guardian"},
		{string(RecipientLocalAuthority), "The local authority (child in care)"},
		{string(RecipientAppropriateAdult), "Another appropriate adult"},
		{string(RecipientOther), "Someone else"},
	}
}

// FieldHelp maps each field of a request record, by its JSON path (for
// example "authoriser.rank"), to one sentence on what it means in law, for
// the intake form to show beside the field. It returns a new map each call.
func FieldHelp() map[string]string {
	return map[string]string{
		"kind":                           "Only a court order or a Crown Court witness summons compels production; a victim information request under s.44A is a request the service may refuse.",
		"received_on":                    "The date the service received the request; every deadline and the age of the authorisation are counted from it.",
		"channel":                        "A victim information request must be in writing (s.44C); a phone call is not a request.",
		"sender_email":                   "Requests should come from a police.uk, nca.gov.uk or cjsm.net address; anything else is verified by calling the force's published switchboard.",
		"force":                          "Only forces of England and Wales, British Transport Police, MoD Police, the NCA, IOPC and service police may make these requests (s.44E); Police Scotland and the PSNI may not.",
		"requester.name":                 "The officer making the request, who must not also be the one authorising it.",
		"requester.rank":                 "The requesting officer's rank; any rank may ask, but a senior officer must authorise.",
		"requester.email":                "The requesting officer's address, checked for imitation police domains.",
		"authoriser.name":                "The Code of Practice requires the request to be authorised by a named senior officer who is not the requester.",
		"authoriser.rank":                "The authoriser must be a Chief Inspector or above; a role such as Senior Investigating Officer is not a rank.",
		"authoriser.email":               "The authoriser's address, checked for imitation police domains and for being the requester's own.",
		"authoriser.authorised_on":       "The authorisation must not postdate the request, and one more than 90 days old at receipt must be confirmed as still standing.",
		"request_date":                   "The date on the request itself; notice to the victim is due on or before it.",
		"information_sought":             "The request must state exactly what information is sought (s.44C(2)(a)); this can never be left out.",
		"period.from":                    "The start of the period of notes sought; a proportionate request names a date range (s.44A(3)(c)).",
		"period.to":                      "The end of the period of notes sought; a multi-year period with no stated issue is disproportionate.",
		"topic":                          "The incident, account or topic the notes must concern; without it the request is not specific (s.44A(3)(c)).",
		"reason":                         "Why the police believe the service holds the information (s.44A(3)(a)).",
		"reasonable_line_of_enquiry":     "The line of enquiry the information is relevant to, which must be reasonable (s.44A(3)(b)).",
		"necessity_and_proportionality":  "Why the request is necessary and proportionate, including why the information cannot be had another way (s.44A(3)(c)).",
		"substantial_probative_value":    "Why counselling records would have substantial probative value to the investigation (s.44A(4)).",
		"handling":                       "How the information will be stored, who will see it, how long it is kept and when it goes to the defence (s.44C(2)(c)).",
		"omitted_statements_ground":      "The s.44B(5) ground on which the request leaves out why the information is sought or how it will be handled; the ground must be stated.",
		"victim.age":                     "The victim's age at the request; for a victim under 18 the notice goes to a parent or guardian (s.44B).",
		"victim.lacks_capacity":          "An adult lacking capacity receives the notice through a parent or guardian, not directly (s.44B).",
		"victim.in_local_authority_care": "For a child in local authority care the notice goes to a representative of that authority (s.44B).",
		"notice.status":                  "The victim must be given written notice of the request, unless withheld on a stated s.44B(5) ground.",
		"notice.given_on":                "Notice is due before or on the day of the request, or as soon as practicable after.",
		"notice.to":                      "Who received the notice: the victim if an adult with capacity, otherwise a parent, guardian or the local authority.",
		"notice.recipient_is_suspect":    "A suspect is never a proper recipient of the notice, even as a parent.",
		"notice.ground":                  "The s.44B(5) ground for withholding notice; on the serious-harm ground the service must not tell the client itself.",
		"notice.explanation":             "What the police say about the notice, in their words.",
		"legal_basis_cited":              "The power the request relies on; DPA 2018 Sch.2 para 2 permits disclosure but never compels it.",
	}
}
