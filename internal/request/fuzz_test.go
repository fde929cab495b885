package request

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseAndCheck feeds arbitrary bytes to ParseRecord and every record it
// accepts to Check: neither may panic, and every verdict must keep the
// rules that tie its fields together.
func FuzzParseAndCheck(f *testing.F) {
	for _, dir := range []string{"examples", "cases"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(`{"authoriser":{"rank":"A/ / /T/"},"sender_email":"@xn--","victim":{"age":-0}}`))
	f.Add([]byte(`{"period":{"from":"0000-01-01","to":"9999-12-31"},"topic":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRecord(data)
		if err != nil {
			return
		}
		checkInvariants(t, r, Check(r, DefaultPolicy()))
	})
}

// FuzzCheckText feeds arbitrary text into the fields the checker reads as
// words: ranks, names, addresses, forces and the statements.
func FuzzCheckText(f *testing.F) {
	f.Add("A/Det. Ch. Supt.", "ann@xn--plice-jye.uk", "Police Scotland", "all notes", "DPA Sch 2 para 2 must")
	f.Add("", "", "", "", "")
	f.Fuzz(func(t *testing.T, rank, email, force, text, basis string) {
		r := compliantRecord()
		r.Authoriser.Rank, r.Authoriser.Name = rank, rank
		r.SenderEmail, r.Requester.Email = email, email
		r.Force = force
		r.InformationSought, r.Topic = text, text
		r.LegalBasisCited = basis
		checkInvariants(t, r, Check(r, DefaultPolicy()))
	})
}

// FuzzRecognisedBody feeds arbitrary force names to the body lookup: it
// may not panic, and whatever it recognises must be a body it can give back.
func FuzzRecognisedBody(f *testing.F) {
	for _, s := range []string{"Police Scotland", "U.S.A.", "contact us", "Avon & Somerset", "Côte d'Ivoire", "New South Wales", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		id, ok := RecognisedBody(name)
		if ok {
			if b, found := BodyByID(id); !found || b.ID != id {
				t.Fatalf("RecognisedBody(%q) = %q, which BodyByID does not know", name, id)
			}
		} else if id != "" {
			t.Fatalf("RecognisedBody(%q) = %q without ok", name, id)
		}
	})
}
