package words

// Obstacle says why a request's latest extract cannot be approved now
// (the codes of disclosure.Obstacle); status is the request's step, which
// one of the reasons names. No obstacle ("") is no words.
func Obstacle(code, status string) string {
	switch code {
	case "":
		return ""
	case "agreed_wrong_step":
		return "The client agreed to this version, but the request is at the step “" + Status(status) + "”, so it cannot be approved from here."
	}
	return obstacles.of(code)
}

var obstacles = lookup{
	"no_extract":     "No extract has been built yet.",
	"sent":           "This request's extract has been sent.",
	"not_agreed":     "The client has not agreed to the current extract.",
	"not_drafted":    "Approval comes after the extract is drafted.",
	"agreed_earlier": "The client's agreement was to an earlier version of the extract.",
	"own_extract":    "You built this extract: another safeguarding lead must approve it.",
	"awaiting_reply": "The client has written to you and has had no reply. Read what she wrote (below) and answer her before approving.",
}
