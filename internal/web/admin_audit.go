package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"confidant/internal/app/admin"
	"confidant/internal/app/core"
	"confidant/internal/words"
)

// auditPageSize is how many entries one page of the audit view shows.
const auditPageSize = 50

type auditFilterForm struct {
	Event string
	User  string
	From  string
	To    string
}

type auditVerdict struct {
	OK      bool
	Checked int
	Problem string
}

type adminAuditPage struct {
	Filter  auditFilterForm
	Events  []string
	Users   []core.StaffUser
	Rows    []auditLine
	Page    int
	PrevURL string
	NextURL string
	Verdict *auditVerdict
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) {
	s.showAudit(w, r, nil)
}

// showAudit renders the audit log newest first, filtered by event type,
// user (as actor or subject) and dates; a malformed filter is 422.
func (s *Server) showAudit(w http.ResponseWriter, r *http.Request, verdict *auditVerdict) {
	q := r.URL.Query()
	ff := auditFilterForm{Event: q.Get("event"), User: q.Get("user"), From: q.Get("from"), To: q.Get("to")}
	errs := map[string]string{}
	f := admin.AuditFilter{Event: ff.Event, Limit: auditPageSize + 1}
	if ff.User != "" {
		if !admin.ValidID(ff.User) {
			errs["user"] = "Choose a user from the list."
		}
		f.UserID = ff.User
	}
	if ff.From != "" {
		d, err := time.ParseInLocation("2006-01-02", ff.From, words.London)
		if err != nil {
			errs["from"] = "Enter the first date as YYYY-MM-DD."
		}
		f.Since = d
	}
	if ff.To != "" {
		d, err := time.ParseInLocation("2006-01-02", ff.To, words.London)
		if err != nil {
			errs["to"] = "Enter the last date as YYYY-MM-DD."
		}
		f.Until = d.AddDate(0, 0, 1)
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page < 1 {
		page = 1
	}
	if page > 100000 {
		errs["page"] = "There is no such page."
	}
	f.Offset = (page - 1) * auditPageSize
	p := adminAuditPage{Filter: ff, Page: page, Verdict: verdict}
	actor := getCurrent(r).actor()
	choices, err := s.App.Admin.AuditChoices(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Events, p.Users = choices.Events, choices.Users
	status := http.StatusOK
	if len(errs) == 0 {
		es, err := s.App.Admin.AuditLog(r.Context(), actor, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(es) > auditPageSize {
			es = es[:auditPageSize]
			p.NextURL = auditURL(ff, page+1)
		}
		if page > 1 {
			p.PrevURL = auditURL(ff, page-1)
		}
		names, err := s.App.Admin.AuditRecords(r.Context(), actor, es)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Rows = auditLines(es, names)
	} else {
		status = http.StatusUnprocessableEntity
	}
	v := s.newView(r, p)
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "admin_audit", v)
}

func auditURL(f auditFilterForm, page int) string {
	v := url.Values{}
	for k, x := range map[string]string{"event": f.Event, "user": f.User, "from": f.From, "to": f.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	v.Set("page", strconv.Itoa(page))
	return "/admin/audit?" + v.Encode()
}

// adminAuditVerify walks the whole hash chain and shows the verdict above
// the log; the check itself is recorded.
func (s *Server) adminAuditVerify(w http.ResponseWriter, r *http.Request) {
	n, problem, err := s.App.Admin.VerifyAuditLog(r.Context(), getCurrent(r).actor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &auditVerdict{OK: problem == nil, Checked: n}
	if problem != nil {
		v.Problem = problem.Error()
	}
	s.showAudit(w, r, v)
}

// adminAuditCheckpoint downloads a checkpoint of the log's head, for the
// admin to keep away from the server: `confidant audit verify --checkpoint`
// with it later shows that nothing up to that entry changed or went. The
// download is recorded after the head is read, so it is the next entry.
func (s *Server) adminAuditCheckpoint(w http.ResponseWriter, r *http.Request) {
	cp, err := s.App.Admin.AuditCheckpoint(r.Context(), getCurrent(r).actor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="audit-checkpoint-%d.json"`, cp.Seq))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(cp.Marshal())
}
