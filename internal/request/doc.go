// Package request is the police-request side of Confidant's domain: the
// request record a safeguarding lead takes in (CONTRACT.md, "Request
// record"), the compliance checker that turns a record into a verdict with
// findings (FINDINGS.md), and the lifecycle a request moves through from
// receipt to closure (DESIGN.md).
//
// Start with [Check]: it is a pure function of a [Record] and a [Policy],
// with no clock, no I/O and no randomness. "Today" is the record's
// received_on date, so the same record always gives the same verdict, today
// and in an appeal a year from now. Each [Finding] names the provision it
// rests on by subsection, exactly as FINDINGS.md's law column, with a link
// to the section on legislation.gov.uk where it is a statute, so that a
// reply letter can cite it. Messages say what the Act says and no more;
// where a rule is Confidant's own policy they say "Confidant asks" and why.
// docs/law-map.md sets each code beside the Act's words.
//
// Who may ask (s.44E and s.44F) is data, not code: data/bodies.tsv lists
// the bodies within and outside by name and domain, with stable ids
// ([RecognisedBody]), and data/countries.tsv every other country by name
// and demonym.
//
// The checker supports, and does not replace, the lead's own judgement and
// legal advice: a compliant verdict means no defect was found on the paper,
// not that disclosure is required. Disclosure under the PCSC Act 2022 is
// always a choice the provider makes with the client's consent; only a court
// process ([KindWitnessSummons], [KindCourtOrder]) compels.
//
// Records from outside (a JSON file, a web form) go through [ParseRecord] or
// [Record.Validate] first; Check itself never fails and treats anything it
// cannot read (an impossible date, an unknown value) as not stated, which
// always errs towards asking a person to look.
//
// The package imports nothing but the standard library's pure packages:
// no database, no HTTP, no cryptography. The web and store layers use it;
// it uses nothing of theirs.
package request
