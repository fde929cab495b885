package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"confidant/internal/app"
	"confidant/internal/app/core"
	"confidant/internal/app/requests"
	"confidant/internal/fault"
	"confidant/internal/letters"
	"confidant/internal/request"

	"github.com/gorilla/mux"
)

type requestsPage struct {
	Rows     []dashboardRow
	Total    int
	Status   string
	Sort     string
	Page     int
	Pages    int
	Statuses []request.Option
}

const requestsPerPage = 50

// dashboardRow is one request on the leads' dashboard, with its age in
// whole days since it was received (none when the date does not read).
type dashboardRow struct {
	requests.Summary
	AgeDays int
}

// ageDays is the number of whole days from the day received (YYYY-MM-DD)
// to now.
func ageDays(receivedOn string, now time.Time) int {
	d, err := time.Parse("2006-01-02", receivedOn)
	if err != nil {
		return 0
	}
	return int(math.Floor(now.Sub(d).Hours() / 24))
}

func (s *Server) requestList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := requestsPage{Status: q.Get("status"), Sort: q.Get("sort"), Statuses: request.Statuses()}
	if p.Status == "" {
		p.Status = "open"
	}
	if p.Status != "open" && p.Status != "all" && !request.Status(p.Status).Valid() {
		p.Status = "open"
	}
	p.Page, _ = strconv.Atoi(q.Get("page"))
	if p.Page < 1 {
		p.Page = 1
	}
	f := requests.Filter{Sort: p.Sort, Limit: requestsPerPage, Offset: (p.Page - 1) * requestsPerPage}
	switch p.Status {
	case "open": // the live requests, the filter's default
	case "all":
		f.All = true
	default:
		f.Status = request.Status(p.Status)
	}
	rows, total, err := s.App.Requests.Dashboard(r.Context(), getCurrent(r).actor(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.Now()
	for _, row := range rows {
		p.Rows = append(p.Rows, dashboardRow{Summary: row, AgeDays: ageDays(row.ReceivedOn, now)})
	}
	p.Total = total
	p.Pages = (total + requestsPerPage - 1) / requestsPerPage
	s.render(w, r, http.StatusOK, "requests", s.newView(r, p))
}

// requestForm is the intake form's data: the record, the client and the
// legal meaning of each field.
type requestForm struct {
	Client         string
	Rec            request.Record
	Age            string
	Help           map[string]string
	Kinds          []request.Option
	Channels       []request.Option
	Grounds        []request.Option
	NoticeStatuses []request.Option
	Recipients     []request.Option
	// Read is what reading the document found (issue 17), nil when the
	// form was not pre-filled; the original travels with the form.
	Read         *intakeRead
	OriginalName string
	OriginalData string
}

func newRequestForm() requestForm {
	return requestForm{Help: request.FieldHelp(), Kinds: request.Kinds(), Channels: request.Channels(),
		Grounds: request.Grounds(), NoticeStatuses: request.NoticeStatuses(),
		Recipients: append([]request.Option{{Value: "", Label: "Not stated"}}, request.Recipients()...)}
}

func (s *Server) requestNew(w http.ResponseWriter, r *http.Request) {
	f := newRequestForm()
	f.Rec.ReceivedOn = s.Now().Format("2006-01-02")
	f.Rec.Kind = request.KindVictimInformationRequest
	f.Rec.Channel = request.ChannelEmail
	f.Rec.Notice.Status = request.NoticeGiven
	f.Rec.Notice.To = request.RecipientVictim
	f.Client = r.URL.Query().Get("client")
	s.render(w, r, http.StatusOK, "request_new", s.newView(r, f))
}

// recordFromForm reads the intake form into a request record.
func recordFromForm(r *http.Request) (request.Record, string, core.FieldErrors) {
	g := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	errs := core.FieldErrors{}
	rec := request.Record{
		Kind: request.Kind(g("kind")), ReceivedOn: g("received_on"), Channel: request.Channel(g("channel")),
		SenderEmail: g("sender_email"), Force: g("force"),
		Requester:                   request.Requester{Name: g("requester.name"), Rank: g("requester.rank"), Email: g("requester.email")},
		Authoriser:                  request.Authoriser{Name: g("authoriser.name"), Rank: g("authoriser.rank"), Email: g("authoriser.email"), AuthorisedOn: g("authoriser.authorised_on")},
		RequestDate:                 g("request_date"),
		InformationSought:           g("information_sought"),
		Period:                      request.Period{From: g("period.from"), To: g("period.to")},
		Topic:                       g("topic"),
		Reason:                      g("reason"),
		ReasonableLineOfEnquiry:     g("reasonable_line_of_enquiry"),
		NecessityAndProportionality: g("necessity_and_proportionality"),
		SubstantialProbativeValue:   g("substantial_probative_value"),
		Handling:                    g("handling"),
		OmittedStatementsGround:     request.Ground(g("omitted_statements_ground")),
		Victim: request.Victim{LacksCapacity: g("victim.lacks_capacity") == "on", InLocalAuthorityCare: g("victim.in_local_authority_care") == "on",
			InVoluntaryOrganisationCare: g("victim.in_voluntary_organisation_care") == "on"},
		Notice: request.Notice{Status: request.NoticeStatus(g("notice.status")), GivenOn: g("notice.given_on"), To: request.Recipient(g("notice.to")),
			RecipientIsSuspect: g("notice.recipient_is_suspect") == "on", Ground: request.Ground(g("notice.ground")), Explanation: g("notice.explanation")},
		LegalBasisCited: g("legal_basis_cited"),
	}
	age := g("victim.age")
	if age != "" {
		n, err := strconv.Atoi(age)
		if err != nil || n < 0 || n > 130 {
			errs["victim.age"] = "Enter the victim's age in whole years, or leave it empty if the request does not say."
		} else {
			rec.Victim.Age = &n
		}
	}
	for k, v := range r.PostForm {
		if k == "original_data" {
			continue // the original document a pre-filled form carries
		}
		for _, x := range v {
			if len(x) > 20000 {
				errs[k] = "This field is too long (over 20,000 characters)."
			}
		}
	}
	return rec, age, errs
}

func (s *Server) requestCreate(w http.ResponseWriter, r *http.Request) {
	rec, age, errs := recordFromForm(r)
	client := strings.TrimSpace(r.PostForm.Get("client"))
	var up *requests.Upload
	if r.MultipartForm != nil {
		if fh := r.MultipartForm.File["attachment"]; len(fh) > 0 && fh[0].Size > 0 {
			f, err := fh[0].Open()
			if err == nil {
				data, rerr := io.ReadAll(io.LimitReader(f, requests.MaxAttachment+1))
				f.Close()
				if rerr == nil {
					up = &requests.Upload{Name: fh[0].Filename, ContentType: fh[0].Header.Get("Content-Type"), Data: data}
				}
			}
		}
	}
	if up == nil {
		up = carriedOriginal(r)
	}
	id, _, err := s.App.Requests.RecordRequest(r.Context(), getCurrent(r).actor(), client, rec, up, errs)
	fe := fault.FieldsOf(err)
	if fe != nil {
		f := newRequestForm()
		f.Client, f.Rec, f.Age = client, rec, age
		f.OriginalName, f.OriginalData = r.PostForm.Get("original_name"), r.PostForm.Get("original_data")
		v := s.newView(r, f)
		for k, m := range fe {
			v.Errors[k] = m
		}
		s.render(w, r, http.StatusUnprocessableEntity, "request_new", v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/requests/"+id, "request-recorded")
}

type findingGroup struct {
	Title    string
	Severity string
	Findings []request.Finding
}

type requestPage struct {
	D        requests.Detail
	A        approvalSection
	Groups   []findingGroup
	Outcomes []request.Option
	Letters  []letters.KindTitle
	Today    string
	T        requests.Thread
}

func (s *Server) requestShow(w http.ResponseWriter, r *http.Request) {
	s.showRequest(w, r, http.StatusOK, nil)
}

func (s *Server) showRequest(w http.ResponseWriter, r *http.Request, status int, errs core.FieldErrors) {
	d, err := s.App.Requests.Request(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := requestPage{D: d, Outcomes: callOutcomeChoices(), Letters: letters.Kinds(), Today: s.Now().Format("2006-01-02")}
	if p.A, err = s.approval(r, d.Request.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.T, err = s.App.Requests.ClientThread(r.Context(), getCurrent(r).actor(), d.Request.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, g := range []findingGroup{
		{Title: "Defects: the request cannot be acted on as it stands", Severity: "defect"},
		{Title: "To verify before going on", Severity: "verify"},
		{Title: "For information", Severity: "info"},
	} {
		for _, f := range d.Verdict.Findings {
			if string(f.Severity) == g.Severity {
				g.Findings = append(g.Findings, f)
			}
		}
		if len(g.Findings) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	v := s.newView(r, p)
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "request", v)
}

// callOutcomeChoice is each outcome of a call-back as the form offers it.
var callOutcomeChoice = map[string]string{
	"confirmed":     "The force confirmed the request and its authorisation",
	"not_confirmed": "The force did not confirm it",
	"no_answer":     "No answer; try again",
}

// callOutcomeChoices are the outcomes a lead may record, for the form.
func callOutcomeChoices() []request.Option {
	out := make([]request.Option, len(requests.VerificationOutcomes))
	for i, o := range requests.VerificationOutcomes {
		out[i] = request.Option{Value: o, Label: callOutcomeChoice[o]}
	}
	return out
}

func (s *Server) requestTransition(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		s.showRequest(w, r, http.StatusUnprocessableEntity, core.FieldErrors{"to": "The form was incomplete; reload the page and try again."})
		return
	}
	err = s.App.Requests.TransitionRequest(r.Context(), getCurrent(r).actor(), id, version, request.Status(r.PostForm.Get("to")), r.PostForm.Get("note"))
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showRequest(w, r, refusedStatus(err), fe)
		return
	case errors.Is(err, requests.ErrIllegalTransition):
		s.showRequest(w, r, http.StatusConflict, core.FieldErrors{"to": "That step is not possible from the request's current status."})
		return
	case errors.Is(err, app.ErrStale):
		s.showRequest(w, r, http.StatusConflict, core.FieldErrors{"to": app.ErrStale.Error()})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/requests/"+id, "request-moved")
}

func (s *Server) requestVerify(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	g := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	err := s.App.Requests.RecordVerification(r.Context(), getCurrent(r).actor(), id, g("number"), g("called_on"), g("outcome"), g("notes"))
	fe := fault.FieldsOf(err)
	if fe != nil {
		s.showRequest(w, r, http.StatusUnprocessableEntity, fe)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/requests/"+id+"#verification", "verification-recorded")
}

func (s *Server) requestAttachment(w http.ResponseWriter, r *http.Request) {
	up, err := s.App.Requests.Attachment(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", up.ContentType)
	// The file name is personal data; never put it in a header.
	w.Header().Set("Content-Disposition", `attachment; filename="request-document`+extFor(up.ContentType)+`"`)
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Write(up.Data)
}

func extFor(ct string) string {
	return map[string]string{"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", "message/rfc822": ".eml", "text/plain": ".txt"}[ct]
}

type letterPage struct {
	RequestID string
	Kind      letters.Kind
	Letter    letters.Letter
	Problem   string // why the letter cannot be written yet
}

func (s *Server) requestLetter(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	kind := letters.Kind(vars["kind"])
	l, err := s.App.Requests.Letter(r.Context(), getCurrent(r).actor(), vars["id"], kind)
	if fault.CodeOf(err) == fault.Conflict {
		s.render(w, r, http.StatusUnprocessableEntity, "letter", s.newView(r, letterPage{RequestID: vars["id"], Kind: kind, Letter: letters.Letter{Title: kind.Title()}, Problem: fault.MessageOf(err)}))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "pdf" {
		var buf bytes.Buffer
		if err := l.PDF(&buf, s.Now()); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.pdf"`, kind, l.Reference))
		w.Write(buf.Bytes())
		return
	}
	s.render(w, r, http.StatusOK, "letter", s.newView(r, letterPage{RequestID: vars["id"], Kind: kind, Letter: l}))
}

func (s *Server) requestViewCreate(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	err := s.App.Requests.AddCounsellorView(r.Context(), getCurrent(r).actor(), vars["id"], vars["request"], r.PostForm.Get("view"))
	fe := fault.FieldsOf(err)
	if fe != nil {
		s.showClient(w, r, http.StatusUnprocessableEntity, 1, noteForm{}, fe)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/clients/"+vars["id"]+"#requests", "view-sent")
}

type lettersAdminPage struct {
	Kinds   []letters.KindTitle
	Kind    letters.Kind
	Title   string
	Body    string
	Version int
}

// letterText is one letter template as an admin edits it.
type letterText struct {
	Kind    letters.Kind
	Body    string
	Version int
}

// letterForm edits the letter templates, one kind at a time (the
// acknowledgement when the query names none).
var letterForm = versionedForm[letterText]{
	template: "letter_templates",
	load: func(s *Server, r *http.Request) (letterText, error) {
		t := letterText{Kind: letters.Kind(r.URL.Query().Get("kind"))}
		if !t.Kind.Valid() {
			t.Kind = letters.Acknowledgement
		}
		var err error
		t.Body, t.Version, err = s.App.Requests.LetterTemplate(r.Context(), t.Kind)
		return t, err
	},
	read: func(r *http.Request) letterText {
		return letterText{Kind: letters.Kind(mux.Vars(r)["kind"]), Body: r.PostForm.Get("body"), Version: formVersion(r)}
	},
	save: func(s *Server, r *http.Request, t letterText) error {
		return s.App.Requests.SaveLetterTemplate(r.Context(), getCurrent(r).actor(), t.Kind, t.Body, t.Version)
	},
	page: func(_ *Server, _ *http.Request, t letterText) any {
		return lettersAdminPage{Kinds: letters.Kinds(), Kind: t.Kind, Title: t.Kind.Title(), Body: t.Body, Version: t.Version}
	},
	done: func(t letterText) (string, string) { return "/letters?kind=" + string(t.Kind), "letter-saved" },
}

func (s *Server) letterTemplates(w http.ResponseWriter, r *http.Request) { letterForm.show(s, w, r) }

func (s *Server) letterTemplateSave(w http.ResponseWriter, r *http.Request) {
	letterForm.submit(s, w, r)
}
