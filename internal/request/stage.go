package request

// ForClient says where a request stands in the words the client reads in
// her portal: what is happening and, above all, whether anything has been
// shared.
func (s Status) ForClient(compulsory bool) string {
	switch s {
	case StatusReceived, StatusChecked, StatusVerified, StatusAwaitingClarification:
		return "We are checking the request. Nothing has been shared."
	case StatusClientConsulted:
		return "We are preparing what might be shared. We will ask you before anything is shared."
	case StatusExtractDrafted:
		if compulsory {
			return "A court has ordered this. We have prepared what would be shared."
		}
		return "Please read what would be shared and tell us what you want."
	case StatusClientConsented:
		return "You agreed. Our safeguarding lead will check it before anything is sent."
	case StatusLeadApproved:
		return "Ready to send. You can still change your mind until it is sent."
	case StatusSent, StatusClosed:
		return "Sent. See below for what went where."
	case StatusRefused:
		return "Nothing will be shared. We have said no."
	case StatusWithdrawn:
		return "The police withdrew the request. Nothing was shared."
	case StatusFraudSuspected:
		return "We think this request was not real. Nothing was shared."
	}
	return ""
}
