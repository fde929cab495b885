package intake

import "confidant/internal/request"

// Record is a request record as intake finds it, in check-request's input
// format (CONTRACT.md, "Request record"). A text field the document does not
// state is ""; a number or yes/no it does not state is nil and left out of
// the JSON, so that "not stated" is never written as "no". That is all that
// sets it apart from request.Record: the officers and the period are the
// checker's own types.
type Record struct {
	Kind                        string             `json:"kind"`
	ReceivedOn                  string             `json:"received_on"`
	Channel                     string             `json:"channel"`
	SenderEmail                 string             `json:"sender_email"`
	Force                       string             `json:"force"`
	Requester                   request.Requester  `json:"requester"`
	Authoriser                  request.Authoriser `json:"authoriser"`
	RequestDate                 string             `json:"request_date"`
	InformationSought           string             `json:"information_sought"`
	Period                      request.Period     `json:"period"`
	Topic                       string             `json:"topic"`
	Reason                      string             `json:"reason"`
	ReasonableLineOfEnquiry     string             `json:"reasonable_line_of_enquiry"`
	NecessityAndProportionality string             `json:"necessity_and_proportionality"`
	SubstantialProbativeValue   string             `json:"substantial_probative_value"`
	Handling                    string             `json:"handling"`
	OmittedStatementsGround     string             `json:"omitted_statements_ground"`
	Victim                      Victim             `json:"victim"`
	Notice                      Notice             `json:"notice"`
	LegalBasisCited             string             `json:"legal_basis_cited"`
}

// Victim is what the request says about the victim; nil is "not stated".
type Victim struct {
	Age                         *int  `json:"age,omitempty"`
	LacksCapacity               *bool `json:"lacks_capacity,omitempty"`
	InLocalAuthorityCare        *bool `json:"in_local_authority_care,omitempty"`
	InVoluntaryOrganisationCare *bool `json:"in_voluntary_organisation_care,omitempty"`
}

// Notice is what the request says about the s.44B notice.
type Notice struct {
	Status             string `json:"status"`
	GivenOn            string `json:"given_on"`
	To                 string `json:"to"`
	RecipientIsSuspect *bool  `json:"recipient_is_suspect,omitempty"`
	Ground             string `json:"ground"`
	Explanation        string `json:"explanation"`
}

// Request converts the record to the checker's type, for a form to show
// pre-filled. Unstated yes/no fields become false, as the form shows them.
func (r Record) Request() request.Record {
	b := func(p *bool) bool { return p != nil && *p }
	return request.Record{
		Kind:        request.Kind(r.Kind),
		ReceivedOn:  r.ReceivedOn,
		Channel:     request.Channel(r.Channel),
		SenderEmail: r.SenderEmail,
		Force:       r.Force,
		Requester:   r.Requester,
		Authoriser:  r.Authoriser,
		RequestDate: r.RequestDate,
		Period:      r.Period,

		InformationSought:           r.InformationSought,
		Topic:                       r.Topic,
		Reason:                      r.Reason,
		ReasonableLineOfEnquiry:     r.ReasonableLineOfEnquiry,
		NecessityAndProportionality: r.NecessityAndProportionality,
		SubstantialProbativeValue:   r.SubstantialProbativeValue,
		Handling:                    r.Handling,
		OmittedStatementsGround:     request.Ground(r.OmittedStatementsGround),
		Victim: request.Victim{
			Age:                  r.Victim.Age,
			LacksCapacity:        b(r.Victim.LacksCapacity),
			InLocalAuthorityCare: b(r.Victim.InLocalAuthorityCare),
		},
		Notice: request.Notice{
			Status:             request.NoticeStatus(r.Notice.Status),
			GivenOn:            r.Notice.GivenOn,
			To:                 request.Recipient(r.Notice.To),
			RecipientIsSuspect: b(r.Notice.RecipientIsSuspect),
			Ground:             request.Ground(r.Notice.Ground),
			Explanation:        r.Notice.Explanation,
		},
		LegalBasisCited: r.LegalBasisCited,
	}
}

// FieldNames lists every field of the record by its dotted JSON name, in
// form order.
func FieldNames() []string {
	return []string{
		"kind", "received_on", "channel", "sender_email", "force",
		"requester.name", "requester.rank", "requester.email",
		"authoriser.name", "authoriser.rank", "authoriser.email", "authoriser.authorised_on",
		"request_date", "information_sought", "period.from", "period.to", "topic",
		"reason", "reasonable_line_of_enquiry", "necessity_and_proportionality",
		"substantial_probative_value", "handling", "omitted_statements_ground",
		"victim.age", "victim.lacks_capacity", "victim.in_local_authority_care",
		"victim.in_voluntary_organisation_care",
		"notice.status", "notice.given_on", "notice.to", "notice.recipient_is_suspect",
		"notice.ground", "notice.explanation", "legal_basis_cited",
	}
}
