package web

import (
	"confidant/internal/app"
	"confidant/internal/words"
)

// attentionLine is one line of the home page's "needs your attention":
// the words, and the page that deals with it.
type attentionLine struct {
	What string
	Link string
}

// attentionLineOf words what waits for the signed-in person. What has no
// words here is left out rather than shown as a code.
func attentionLineOf(it app.AttentionItem) (attentionLine, bool) {
	switch it.What {
	case app.WaitingReplyToClient:
		return attentionLine{What: "The client has answered or written about request " + it.RequestRef + " and is waiting for a reply.", Link: "/requests/" + it.RequestID + "#thread"}, true
	case app.WaitingReplyToYourClient:
		return attentionLine{What: "Your client " + it.ClientRef + " has written about a police request and is waiting for a reply.", Link: "/clients/" + it.ClientID + "#requests"}, true
	case app.WaitingApproval:
		return attentionLine{What: "The client agreed to the extract for request " + it.RequestRef + ": it waits for a lead's approval.", Link: "/requests/" + it.RequestID + "#approval"}, true
	case app.WaitingGrant:
		return attentionLine{What: "A role that opens clients' notes (" + words.Role(string(it.Role)) + ") waits for your approval.", Link: "/admin/users/" + it.UserID}, true
	}
	return attentionLine{}, false
}
