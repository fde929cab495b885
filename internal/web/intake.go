package web

import (
	"encoding/base64"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"confidant/internal/app/requests"
	"confidant/internal/intake"
	"confidant/internal/request"
)

// maxCarriedOriginal bounds the original document carried in the
// pre-filled form as a hidden field (base64 grows it by a third, and the
// confirming post must stay under MaxUpload). A larger original is attached
// again by hand.
const maxCarriedOriginal = 7 << 20

// intakeRead is what reading a document found, for the form to show
// beside the fields it pre-fills.
type intakeRead struct {
	Fields   []intakeField
	Findings []intake.Finding
	Notes    []string
	Sender   *intake.Sender
	Found    int
}

// intakeField is one field of the record with the words it came from, or
// none when the document does not state it.
type intakeField struct {
	Name     string
	Words    string
	Value    string
	NotFound bool
}

// requestRead reads an uploaded or pasted request (issue 17) and shows the
// intake form pre-filled, each field beside the words it came from.
// Nothing is saved until the lead confirms the form.
func (s *Server) requestRead(w http.ResponseWriter, r *http.Request) {
	f := newRequestForm()
	f.Client = strings.TrimSpace(r.PostForm.Get("client"))
	name, data := "pasted.txt", []byte(r.PostForm.Get("pasted"))
	if r.MultipartForm != nil {
		if fh := r.MultipartForm.File["document"]; len(fh) > 0 && fh[0].Size > 0 {
			file, err := fh[0].Open()
			if err == nil {
				data, err = io.ReadAll(io.LimitReader(file, intake.MaxFileBytes+1))
				file.Close()
			}
			if err != nil {
				s.fail(w, r, err)
				return
			}
			name = fh[0].Filename
		}
	}
	v := s.newView(r, f)
	if strings.TrimSpace(string(data)) == "" {
		v.Errors["document"] = "Choose the request as received (.eml, PDF, .docx), or paste its text."
		s.render(w, r, http.StatusUnprocessableEntity, "request_new", v)
		return
	}
	doc, err := intake.Read(name, data, intake.Tools{})
	if err != nil {
		v.Errors["document"] = "Confidant could not read this file: " + err.Error() + ". Type the request in below."
		s.render(w, r, http.StatusUnprocessableEntity, "request_new", v)
		return
	}
	res := intake.Find(doc)
	f.Rec = res.Record.Request()
	if a := res.Record.Victim.Age; a != nil {
		f.Age = strconv.Itoa(*a)
	}
	read := &intakeRead{Findings: res.Findings, Notes: res.Notes, Sender: res.Sender}
	for _, k := range intake.FieldNames() {
		ev, ok := res.Evidence[k]
		read.Fields = append(read.Fields, intakeField{Name: k, Words: ev.Text, NotFound: !ok})
		if ok {
			read.Found++
		}
	}
	f.Read = read
	// A select has no empty choice of its own; where the document did not
	// state the field, offer one, so the form does not state it either.
	notStated := request.Option{Value: "", Label: "Not stated in the document"}
	if f.Rec.Kind == "" {
		f.Kinds = append([]request.Option{notStated}, f.Kinds...)
	}
	if f.Rec.Channel == "" {
		f.Channels = append([]request.Option{notStated}, f.Channels...)
	}
	if f.Rec.Notice.Status == "" {
		f.NoticeStatuses = append([]request.Option{notStated}, f.NoticeStatuses...)
	}
	// The original travels with the form where it is a kind of file a
	// request may have attached (not .docx, which the store refuses).
	ext := strings.ToLower(filepath.Ext(name))
	if name != "pasted.txt" && (ext == ".pdf" || ext == ".eml" || ext == ".txt") && len(data) <= maxCarriedOriginal {
		f.OriginalName = name
		f.OriginalData = base64.StdEncoding.EncodeToString(data)
	}
	v.Data = f
	s.render(w, r, http.StatusOK, "request_new", v)
}

// carriedOriginal is the original document a pre-filled form carries, if
// the lead attached no other.
func carriedOriginal(r *http.Request) *requests.Upload {
	enc := r.PostForm.Get("original_data")
	if enc == "" {
		return nil
	}
	data, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(data) == 0 {
		return nil
	}
	name := strings.TrimSpace(r.PostForm.Get("original_name"))
	if name == "" {
		name = "request"
	}
	return &requests.Upload{Name: name, ContentType: http.DetectContentType(data), Data: data}
}
