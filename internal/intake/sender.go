package intake

import (
	"fmt"
	"strings"
)

// Finding is something about how a request arrived that the lead should
// see beside the checker's sender-domain finding.
type Finding struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// The intake finding codes.
const (
	FindingReplyToOtherDomain    = "reply_to_other_domain"
	FindingReturnPathOtherDomain = "return_path_other_domain"
	FindingDMARCFailed           = "dmarc_failed"
	FindingSPFFailed             = "spf_failed"
	FindingDKIMFailed            = "dkim_failed"
	FindingNoAuthResults         = "no_authentication_results"
	FindingSignerNotSender       = "requester_email_not_sender"
)

// senderFindings compares an email's sender addresses and its
// authentication results. A reply-to at another domain is the classic sign
// of an impostor: the answer goes somewhere the police never see.
func senderFindings(s *Sender, rec Record) []Finding {
	if s == nil {
		return nil
	}
	var out []Finding
	from := domainOf(s.From)
	if d := domainOf(s.ReplyTo); d != "" && from != "" && d != from {
		out = append(out, Finding{FindingReplyToOtherDomain,
			fmt.Sprintf("Replies go to %s, at another domain than the sender's (%s): answer only to an address verified with the force.", s.ReplyTo, from)})
	}
	if d := domainOf(s.ReturnPath); d != "" && from != "" && d != from && !strings.HasSuffix(d, "."+from) {
		out = append(out, Finding{FindingReturnPathOtherDomain,
			fmt.Sprintf("The envelope sender (Return-Path) %s is at another domain than the From address (%s).", s.ReturnPath, from)})
	}
	failed := func(r string) bool {
		switch r {
		case "fail", "softfail", "permerror", "temperror", "none", "neutral", "policy":
			return true
		}
		return false
	}
	if failed(s.DMARC) {
		out = append(out, Finding{FindingDMARCFailed, fmt.Sprintf("DMARC %s: the receiving server could not confirm the message came from %s.", s.DMARC, from)})
	}
	if failed(s.SPF) {
		out = append(out, Finding{FindingSPFFailed, fmt.Sprintf("SPF %s: the sending server is not one %s authorises.", s.SPF, from)})
	}
	if failed(s.DKIM) {
		out = append(out, Finding{FindingDKIMFailed, fmt.Sprintf("DKIM %s: the message's signature did not verify.", s.DKIM)})
	}
	if s.AuthResults == "" {
		out = append(out, Finding{FindingNoAuthResults, "The email carries no Authentication-Results header: nothing shows the receiving server checked the sender."})
	}
	for _, e := range []string{rec.Requester.Email, rec.Authoriser.Email} {
		if d := domainOf(e); d != "" && from != "" && d != from && !strings.HasSuffix(from, "."+d) && !strings.HasSuffix(d, "."+from) {
			out = append(out, Finding{FindingSignerNotSender,
				fmt.Sprintf("The request names %s, at another domain than the sender's (%s).", e, from)})
			break
		}
	}
	return out
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.ToLower(strings.TrimRight(addr[i+1:], ".> "))
	}
	return ""
}
