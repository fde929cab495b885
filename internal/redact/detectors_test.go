package redact

import (
	"slices"
	"strings"
	"testing"
)

// detect runs one detector over text and returns what it found as
// "kind:text" strings, merged as Suggest merges them.
func detect(find func(*scan, *nameIndex, []Span) []Span, text string, known ...string) []string {
	sc := newScan(text)
	spans := merge(text, find(sc, newNameIndex(known), nil))
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = string(sp.Kind) + ":" + sp.Text
	}
	return out
}

type detectorCase struct {
	text  string
	known []string
	want  []string // "kind:text"; empty for a negative case
}

func runDetectorCases(t *testing.T, find func(*scan, *nameIndex, []Span) []Span, cases []detectorCase) {
	t.Helper()
	for _, c := range cases {
		got := detect(find, c.text, c.known...)
		if len(got) == 0 && len(c.want) == 0 {
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q (known %v):\n got %q\nwant %q", c.text, c.known, got, c.want)
		}
	}
}

func TestPhonesInEveryCommonFormat(t *testing.T) {
	runDetectorCases(t, findPhones, []detectorCase{
		{"call 07700 900123 today", nil, []string{"phone:07700 900123"}},
		{"call 07700900123.", nil, []string{"phone:07700900123"}},
		{"07700-900-123", nil, []string{"phone:07700-900-123"}},
		{"07700 900 123", nil, []string{"phone:07700 900 123"}},
		{"(020) 7946 0000", nil, []string{"phone:(020) 7946 0000"}},
		{"020 7946 0000", nil, []string{"phone:020 7946 0000"}},
		{"0207 946 0000", nil, []string{"phone:0207 946 0000"}},
		{"+44 7700 900123", nil, []string{"phone:+44 7700 900123"}},
		{"+447700900123", nil, []string{"phone:+447700900123"}},
		{"+44 (0)20 7946 0000", nil, []string{"phone:+44 (0)20 7946 0000"}},
		{"+44(0)7700 900123", nil, []string{"phone:+44(0)7700 900123"}},
		{"+44 (0) 113 496 0000", nil, []string{"phone:+44 (0) 113 496 0000"}},
		{"0044 7700 900 321", nil, []string{"phone:0044 7700 900 321"}},
		{"01632 960 123", nil, []string{"phone:01632 960 123"}},
		{"01632 960123", nil, []string{"phone:01632 960123"}},
		{"0161 496 0000", nil, []string{"phone:0161 496 0000"}},
		{"(0161) 496 0000", nil, []string{"phone:(0161) 496 0000"}},
		{"0113-496-0345", nil, []string{"phone:0113-496-0345"}},
		{"01632 960 118 ext. 2241 (reception)", nil, []string{"phone:01632 960 118 ext. 2241"}},
		{"0113 496 0788 x 214 (work)", nil, []string{"phone:0113 496 0788 x 214"}},
		{"0161 496 0000 x123", nil, []string{"phone:0161 496 0000 x123"}},
		{"0161 496 0000 Ext: 45.", nil, []string{"phone:0161 496 0000 Ext: 45"}},
		{"0161 496 0000 x 2 people", nil, []string{"phone:0161 496 0000"}},
		{"07700.900.482", nil, []string{"phone:07700.900.482"}},
		{"015394 32871", nil, []string{"phone:015394 32871"}},
		{"Session 3 – 01.07.2025 14:00", nil, nil},
		{"01-07-2025 10:30", nil, nil},
		{"on 01 07 2025 09 30", nil, nil},
		{"028 9649 6000", nil, []string{"phone:028 9649 6000"}},
		{"Tel:07700 900123", nil, []string{"phone:07700 900123"}},
		{"Tel.07700 900 789", nil, []string{"phone:07700 900 789"}},
		{"mob. 07700 900123, home 0117 496 0123", nil, []string{"phone:07700 900123", "phone:0117 496 0123"}},
		{"07700\u00a0900123", nil, []string{"phone:07700\u00a0900123"}},
		{"+353 87 123 4567", nil, []string{"phone:+353 87 123 4567"}},
		// Not phones.
		{"Session 3, 11/03/2025, 14:00 to 14:50.", nil, nil},
		{"the 5-4-3-2-1 exercise", nil, nil},
		{"PHQ-9 of 16, GAD-7 of 12", nil, nil},
		{"Rape Crisis helpline 0808 802 9999", nil, nil},
		{"freephone 0800 123 4567", nil, nil},
		{"Samaritans 116 123, NHS 111, police 101, 999", nil, nil},
		{"07700 90012", nil, nil},
		{"077009001234567", nil, nil},
		{"0-10 scale, 00:30", nil, nil},
		{"ref 12-07700-900123", nil, nil},
		{"rated 1.07700 and 3,07700 900123", nil, nil},
	})
}

func TestEmailsURLsAndHandles(t *testing.T) {
	runDetectorCases(t, findEmails, []detectorCase{
		{"email sam.turner@example.org.", nil, []string{"email:sam.turner@example.org"}},
		{"CHANTELLE.BROOKS@EXAMPLE.COM", nil, []string{"email:CHANTELLE.BROOKS@EXAMPLE.COM"}},
		{"<j_o'neill+safe@mail.example.co.uk>", nil, []string{"email:j_o'neill+safe@mail.example.co.uk"}},
		{"meet @ 3pm", nil, nil},
		{"a@b", nil, nil},
		{"user@localhost", nil, nil},
	})
	runDetectorCases(t, findURLs, []detectorCase{
		{"blog at https://www.example.org/blogs/tom-a and", nil, []string{"url:https://www.example.org/blogs/tom-a"}},
		{"page www.example.com/ellie-shaw-art, which", nil, []string{"url:www.example.com/ellie-shaw-art"}},
		{"(see http://example.org/x_(y))", nil, []string{"url:http://example.org/x_(y)"}},
		{"site jadewilsonart.co.uk.", nil, []string{"url:jadewilsonart.co.uk"}},
		{"facebook.com/jane.doe?ref=1", nil, []string{"url:facebook.com/jane.doe?ref=1"}},
		{"WWW.EXAMPLE.ORG", nil, []string{"url:WWW.EXAMPLE.ORG"}},
		{"on Facebook.com/lee.harper.5501.", nil, []string{"url:Facebook.com/lee.harper.5501"}},
		{"tiktok.com/@kylem2004 and", nil, []string{"url:tiktok.com/@kylem2004"}},
		{"http://example.net/pages/kerry?id=88&ref=share", nil, []string{"url:http://example.net/pages/kerry?id=88&ref=share"}},
		// Not URLs.
		{"e.g. this, i.e. that, a.m. and p.m.", nil, nil},
		{"She agreed to it.It was late.Com", nil, nil},
		{"version 1.5 of form 3.2", nil, nil},
		{"the file notes.docx", nil, nil},
		{"s.44A of the Act", nil, nil},
	})
	runDetectorCases(t, findHandles, []detectorCase{
		{"her Instagram is @jadewilson_art.", nil, []string{"other:@jadewilson_art"}},
		{"(@tk_runs_88)", nil, []string{"other:@tk_runs_88"}},
		{"sam@example.org", nil, nil},
		{"at @ 10", nil, nil},
	})
}

func TestPostcodesInAllFormats(t *testing.T) {
	runDetectorCases(t, findPostcodes, []detectorCase{
		{"Stockport SK4 3QT.", nil, []string{"postcode:SK4 3QT"}},
		{"ls6 2ab", nil, []string{"postcode:ls6 2ab"}},
		{"BD13QP", nil, []string{"postcode:BD13QP"}},
		{"M1 1AE", nil, []string{"postcode:M1 1AE"}},
		{"B33 8TH", nil, []string{"postcode:B33 8TH"}},
		{"CR2 6XH", nil, []string{"postcode:CR2 6XH"}},
		{"DN55 1PT", nil, []string{"postcode:DN55 1PT"}},
		{"W1A 0AX", nil, []string{"postcode:W1A 0AX"}},
		{"EC1A 1BB", nil, []string{"postcode:EC1A 1BB"}},
		{"sw1a2aa", nil, []string{"postcode:sw1a2aa"}},
		{"(NG5 1FT)", nil, []string{"postcode:NG5 1FT"}},
		// Not postcodes.
		{"PHQ9 score, GAD7 2nd time", nil, nil},
		{"on the M6 2nd junction", nil, nil},
		{"b12 3rd dose", nil, nil},
		{"in Birmingham (b33 8th) until", nil, []string{"postcode:b33 8th"}},
		{"postcode B33 8th", nil, []string{"postcode:B33 8th"}},
		{"QX1 1AA", nil, nil},  // no such area
		{"SK4 3CI", nil, nil},  // C and I never end a postcode
		{"XSK4 3QT", nil, nil}, // part of a longer word
		{"Room 12, Block C", nil, nil},
		{"NHS 111 and CO2", nil, nil},
	})
}

func TestStreetAddresses(t *testing.T) {
	runDetectorCases(t, findAddresses, []detectorCase{
		{"moved out of 14 Elm Road after", nil, []string{"address:14 Elm Road"}},
		{"at 7 Larch Close, Stockport", nil, []string{"address:7 Larch Close"}},
		{"Flat 3, 12 Acacia Avenue", nil, []string{"address:Flat 3, 12 Acacia Avenue"}},
		{"22b Baker Street", nil, []string{"address:22b Baker Street"}},
		{"No. 4 St Mary's Road", nil, []string{"address:No. 4 St Mary's Road"}},
		{"12-14 Mill Lane", nil, []string{"address:12-14 Mill Lane"}},
		{"3 The Mews", nil, []string{"address:3 The Mews"}},
		{"10 Downing St.", nil, []string{"address:10 Downing St."}},
		{"88 Canal Side", nil, []string{"address:88 Canal Side"}},
		{"14 ELM ROAD", nil, []string{"address:14 ELM ROAD"}},
		{"14 elm road", nil, []string{"address:14 elm road"}},
		{"she moved to Larch Grove last year", nil, []string{"address:Larch Grove"}},
		{"Rose Cottage, Mill Lane", nil, []string{"address:Rose Cottage, Mill Lane"}},
		{"lives at The Old Rectory, Church Lane, with", nil, []string{"address:The Old Rectory, Church Lane"}},
		{"Ivy House Farm, 4 Back Lane", nil, []string{"address:Ivy House Farm, 4 Back Lane"}},
		{"14-16 Market Street, Ilkley", nil, []string{"address:14-16 Market Street"}},
		{"House, Mill Lane", nil, []string{"address:Mill Lane"}},
		{"at 12 Broadway, Ilkley", nil, []string{"address:12 Broadway"}},
		{"3 Kingsway.", nil, []string{"address:3 Kingsway"}},
		// Not addresses.
		{"a 10 minute drive", nil, nil},
		{"5 very close friends", nil, nil},
		{"hearing at the Crown Court", nil, nil},
		{"a walk in Hyde Park", nil, nil},
		{"Session 3, 4 March 2025", nil, nil},
		{"scored 14 on the PHQ-9", nil, nil},
		{"on the High Street", nil, nil},
		{"2 main road junctions", nil, nil},
		{"for 3 Getaway Tours", nil, nil},
		{"in 2 Midway", nil, nil},
		{"Close the door. Road safety", nil, nil},
	})
}

func TestNHSNumbersByCheckDigit(t *testing.T) {
	runDetectorCases(t, findNHSNumbers, []detectorCase{
		{"NHS number 999 526 0182;", nil, []string{"nhs_number:999 526 0182"}},
		{"943 476 5919", nil, []string{"nhs_number:943 476 5919"}},
		{"943-476-5919", nil, []string{"nhs_number:943-476-5919"}},
		{"9434765919", nil, []string{"nhs_number:9434765919"}},
		{"quoted as 999 526 0185, which fails", nil, []string{"other:999 526 0185"}},
		{"NHS no 012 345 6788", nil, []string{"other:012 345 6788"}},
		// Not NHS numbers.
		{"07700 900123", nil, nil},
		{"0161 496 0000", nil, nil},
		{"99 526 0182", nil, nil},
		{"999 526 01823", nil, nil},
		{"123 999 526 0182", nil, nil},
	})
	for _, c := range []struct {
		digits string
		ok     bool
	}{{"9995260182", true}, {"9434765919", true}, {"4010232137", true}, {"9995260185", false}, {"0000000000", true}} {
		if got := nhsCheckOK([]byte(c.digits)); got != c.ok {
			t.Errorf("nhsCheckOK(%s) = %v", c.digits, got)
		}
	}
}

func TestNationalInsuranceNumbers(t *testing.T) {
	runDetectorCases(t, findNINumbers, []detectorCase{
		{"National Insurance number JK 12 34 56 C (", nil, []string{"ni_number:JK 12 34 56 C"}},
		{"AB 12 34 56 C", nil, []string{"ni_number:AB 12 34 56 C"}},
		{"JK123456C", nil, []string{"ni_number:JK123456C"}},
		{"JK 123456 C", nil, []string{"ni_number:JK 123456 C"}},
		{"NI: jk 12 34 56 c", nil, []string{"ni_number:jk 12 34 56 c"}},
		{"NI number JK 12 34 56", nil, []string{"ni_number:JK 12 34 56"}},
		{"NI number BG 12 34 56 A", nil, []string{"other:BG 12 34 56 A"}},
		{"QQ 12 34 56 C", nil, []string{"other:QQ 12 34 56 C"}},
		{"DA123456A", nil, []string{"other:DA123456A"}},
		// Not NI numbers.
		{"on 12 34 56 a", nil, nil},
		{"JK 12 34 56 E", nil, nil},
		{"AB 12 34 5 C", nil, nil},
	})
}

func TestDatesOfBirthOnlyWhenSaidToBe(t *testing.T) {
	runDetectorCases(t, findDatesOfBirth, []detectorCase{
		{"(DOB 03/04/1991)", nil, []string{"date_of_birth:03/04/1991"}},
		{"date of birth: 3 April 1990.", nil, []string{"date_of_birth:3 April 1990"}},
		{"born on 3rd April 1990", nil, []string{"date_of_birth:3rd April 1990"}},
		{"Session 2, 2 Sep 2025. Her DOB was checked today, 02/09/2025, against the referral: it is recorded correctly as 17.03.2001.",
			nil, []string{"date_of_birth:17.03.2001"}},
		{"Session 2, 12 March 2025. Her date of birth was confirmed at the session on 12 March 2025.", nil, nil},
		{"Session 2, 12 March 2025. DOB confirmed at the review in 2025.", nil, nil},
		{"Session 2, 12 March 2025. Jade confirmed d.o.b. 3/4/91.", nil, []string{"date_of_birth:3/4/91"}},
		{"Session 2, 12 March 2025. Her son's DOB: 03/02/2024.", nil, []string{"date_of_birth:03/02/2024"}},
		{"born on the 14th of June, 1988", nil, []string{"date_of_birth:14th of June, 1988"}},
		{"d.o.b. 21.11.1996", nil, []string{"date_of_birth:21.11.1996"}},
		{"D.O.B: 3/4/91", nil, []string{"date_of_birth:3/4/91"}},
		{"DoB 1990-04-12", nil, []string{"date_of_birth:1990-04-12"}},
		{"Date of Birth - 12 Feb 1979", nil, []string{"date_of_birth:12 Feb 1979"}},
		{"born April 3, 1990", nil, []string{"date_of_birth:April 3, 1990"}},
		{"born in April 1990", nil, []string{"date_of_birth:April 1990"}},
		{"born in 1990", nil, []string{"date_of_birth:1990"}},
		{"her birthday is 3 May", nil, []string{"date_of_birth:3 May"}},
		{"b'day 3 March", nil, []string{"date_of_birth:3 March"}},
		{"14/06/1988 (her date of birth)", nil, []string{"date_of_birth:14/06/1988"}},
		{"3 April 1990 is her date of birth", nil, []string{"date_of_birth:3 April 1990"}},
		{"Session 3, 2 December 2025. Her DOB on the old record was wrong. The correct one is 02.02.2002.",
			nil, []string{"date_of_birth:02.02.2002"}},
		{"Ms Turner's date of birth was checked against the referral form (DOB 03/04/1991) because",
			nil, []string{"date_of_birth:03/04/1991"}},
		// Not dates of birth.
		{"Session 3 – Tuesday 4 March 2025. 50 minutes.", nil, nil},
		{"Next session 21/05/2025 at 18:00.", nil, nil},
		{"She was born and raised in Leeds and on 3 May 2020 moved.", nil, nil},
		{"Her date of birth is on file. Next session 4 May 2025.", nil, nil},
		{"Session 3, 2 December 2025. She confirmed her date of birth. Next session 9 December 2025.", nil, nil},
		{"born in Leeds", nil, nil},
	})
}

func TestBankDetailsNeedACue(t *testing.T) {
	runDetectorCases(t, findBankDetails, []detectorCase{
		{"sort code 20-45-77, account number 41234567, name", nil,
			[]string{"bank_details:20-45-77", "bank_details:41234567"}},
		{"Sort Code: 204577", nil, []string{"bank_details:204577"}},
		{"s/c 20 45 77 a/c 4123 4567", nil, []string{"bank_details:20 45 77", "bank_details:4123 4567"}},
		{"account ending 4471", nil, []string{"bank_details:4471"}},
		{"account number: 12-34-56 12345678", nil, []string{"bank_details:12-34-56", "bank_details:12345678"}},
		{"IBAN GB29 NWBK 6016 1331 9268 19.", nil, []string{"bank_details:GB29 NWBK 6016 1331 9268 19"}},
		{"card 4111 1111 1111 1111", nil, []string{"bank_details:4111 1111 1111 1111"}},
		// Not bank details.
		{"Session on 12-03-25 at 10:00", nil, nil},
		{"scores 12 14 16", nil, nil},
		{"4111 1111 1111 1112", nil, nil},
		{"GB29 NWBK 6016 1331 9268 18", nil, nil},
		{"the 2024-2025 academic year", nil, nil},
		{"The bank holiday on 26-05-25 was hard.", nil, nil},
		{"She gave an account of the evening of 12-03-25 in detail.", nil, nil},
		{"bank holiday, then sort code 60-83-71", nil, []string{"bank_details:60-83-71"}},
	})
}

func TestVehicleRegistrations(t *testing.T) {
	runDetectorCases(t, findVehicles, []detectorCase{
		{"registration AB12 CDE, which", nil, []string{"vehicle_registration:AB12 CDE"}},
		{"a white Transit, reg MA19 KPV.", nil, []string{"vehicle_registration:MA19 KPV"}},
		{"AB12CDE", nil, []string{"vehicle_registration:AB12CDE"}},
		{"ma19 kpv", nil, []string{"vehicle_registration:ma19 kpv"}},
		{"his van, P847 RKT", nil, []string{"vehicle_registration:P847 RKT"}},
		{"car reg ABC 123D", nil, []string{"vehicle_registration:ABC 123D"}},
		{"number plate AXZ 1234", nil, []string{"vehicle_registration:AXZ 1234"}},
		// Not registrations.
		{"vitamin B12 AND iron", nil, nil},
		{"PHQ9 GAD7 CORE10", nil, nil},
		{"AB00 CDE", nil, nil},
		{"Ab12 Cde", nil, nil},
		{"the car came at 3 PM", nil, nil},
		{"ABC 123D", nil, nil},
		{"She drove her car to the appointment at 1400 BST.", nil, nil},
		{"She left the car in 2025 NHS parking.", nil, nil},
		{"the car, plate 4721 KX", nil, []string{"vehicle_registration:4721 KX"}},
		{"registration LD71XRT.", nil, []string{"vehicle_registration:LD71XRT"}},
	})
}

func TestKnownNamesAnyCaseAndPossessive(t *testing.T) {
	runDetectorCases(t, findKnownNames, []detectorCase{
		{"Sam Turner's score", []string{"Sam Turner"}, []string{"name:Sam Turner"}},
		{"Sam said; Ms Turner agreed", []string{"Sam Turner"}, []string{"name:Sam", "name:Ms Turner"}},
		{"MR TOM ASHWORTH", []string{"Tom Ashworth"}, []string{"name:MR TOM ASHWORTH"}},
		{"tom rang; gary's brother", []string{"Tom Ashworth", "Gary Fenwick"}, []string{"name:tom", "name:gary"}},
		{"Sam’s mum", []string{"Sam Turner"}, []string{"name:Sam"}},
		{"Dr. Okafor", []string{"Dr Okafor"}, []string{"name:Dr. Okafor"}},
		{"O'Brien's letter", []string{"Siobhan O'Brien"}, []string{"name:O'Brien"}},
		{"Smith-Jones and Jones", []string{"Kim Smith-Jones"}, []string{"name:Smith-Jones", "name:Jones"}},
		{"Zoe came", []string{"Zoë Martin"}, []string{"name:Zoe"}},
		{"Becky rang", []string{"Rebecca Holt"}, []string{"name:Becky"}},
		{"the client said Sam's mother rang", []string{"Sam Turner (client)", "Karen Turner, mother"}, []string{"name:Sam"}},
		{"sam rang", []string{"sam turner"}, []string{"name:sam"}},
		{"Hope said", []string{"Hope Adeyemi"}, []string{"name:Hope"}},
		{"told Hope that", []string{"Hope Adeyemi"}, []string{"name:Hope"}},
		{"Will came alone", []string{"Will Harper"}, []string{"name:Will"}},
		{"met May on", []string{"May Chen"}, []string{"name:May"}},
		{"Rhiannon Welsh said; Ms Welsh; Welsh's car; Welsh rang", []string{"Rhiannon Welsh"},
			[]string{"name:Rhiannon Welsh", "name:Ms Welsh", "name:Welsh", "name:Welsh"}},
		// Not names.
		{"she is starting to hope", []string{"Hope Adeyemi"}, nil},
		{"Hope came up as a theme.", []string{"Hope Adeyemi"}, nil},
		{"We will review it. Will review next week.", []string{"Will Harper"}, nil},
		{"on 7 May 2025, in May", []string{"May Chen"}, nil},
		{"the price she paid", []string{"Adam Price"}, nil},
		{"becky", []string{"Rebecca Holt"}, nil},
		{"Samples and Turnery", []string{"Sam Turner"}, nil},
		{"She spoke Welsh at home and her Christian faith helps.", []string{"Rhiannon Welsh", "Christian Lee"}, nil},
	})
}

func TestEachPartOfAKnownNameStandingAlone(t *testing.T) {
	runDetectorCases(t, findKnownNames, []detectorCase{
		{"Her sister Emma came with her.", []string{"Emma Whitfield"}, []string{"name:Emma"}},
		{"Whitfield rang. Later Emma said no.", []string{"Emma Whitfield"}, []string{"name:Whitfield", "name:Emma"}},
		// Parts that are also words, at the start of a sentence: taken
		// where the words around them make a person of them.
		{"Will and his mum argued.", []string{"Will Harper"}, []string{"name:Will"}},
		{"Grace and Tom left early.", []string{"Grace Hill"}, []string{"name:Grace"}},
		{"Grace, her sister, came too.", []string{"Grace Hill"}, []string{"name:Grace"}},
		{"May, her older daughter, was ill.", []string{"May Chen"}, []string{"name:May"}},
		{"Client: Hope\nSession 4", []string{"Hope Adeyemi"}, []string{"name:Hope"}},
		{"She and her sister (Rose) left.", []string{"Rose Kaur"}, []string{"name:Rose"}},
		{"Grace and May stayed over.", []string{"Grace Okoro", "May Okoro"}, []string{"name:Grace", "name:May"}},
		{"She met Tom and May at the park.", []string{"May Okoro"}, []string{"name:May"}},
		// A given name before a known surname is the relative's: "Emma
		// Whitfield" with "Jo Whitfield" known.
		{"She said Emma Whitfield came.", []string{"Jo Whitfield"}, []string{"name:Emma Whitfield"}},
		{"with Tom Whitfield's car", []string{"Jo Whitfield"}, []string{"name:Tom Whitfield"}},
		{"On Monday Whitfield rang. When Whitfield left.", []string{"Jo Whitfield"}, []string{"name:Whitfield", "name:Whitfield"}},
		{"the branch in Leeds Whitfield manages", []string{"Jo Whitfield"}, []string{"name:Whitfield"}},
		{"It was hard. Emma Whitfield, who is older, said nothing.", []string{"Jo Whitfield"}, []string{"name:Emma Whitfield"}},
		{"Sadly Whitfield left. Yesterday Whitfield rang.", []string{"Jo Whitfield"}, []string{"name:Whitfield", "name:Whitfield"}},
		{"She lives on Castle Hill.", []string{"Grace Hill"}, []string{"name:Hill"}},
		// and not where they read as words or things.
		{"Hope and fear came up.", []string{"Hope Adeyemi"}, nil},
		{"Will, she said, is what matters.", []string{"Will Harper"}, nil},
		{"May I ask about that?", []string{"May Chen"}, nil},
		{"She moved between April and May, then from March to May.", []string{"May Chen"}, nil},
		{"It was 3 or May 4, she thought.", []string{"May Chen"}, nil},
		{"They met at the Rose and Crown. A Rose tattoo.", []string{"Rose Kaur"}, nil},
		{"She drove a Mark 2 Golf.", []string{"Mark Ellis"}, nil},
		{"Grace and dignity matter to her.", []string{"Grace Hill"}, nil},
	})
}

func TestNamesAfterAWordForWhoTheyAre(t *testing.T) {
	runDetectorCases(t, findRelationNames, []detectorCase{
		{"She stayed with her friend Sophie.", nil, []string{"name:Sophie"}},
		{"Aunt Bev rang twice.", nil, []string{"name:Bev"}},
		{"His cousin, Amir Khan, drove her home.", nil, []string{"name:Amir Khan"}},
		{"at her friend Jo's flat", nil, []string{"name:Jo"}},
		{"Her mum's partner Gary said so.", nil, []string{"name:Gary"}},
		// Not names.
		{"Her sister's Facebook was public.", nil, nil},
		{"Her son Year 9 report came.", nil, nil},
		{"Her uncle in Leeds knows.", nil, nil},
		{"Her mum Googled it.", nil, nil},
		{"She saw her sister Tuesday.", nil, nil},
		{"Her partner, I think, knew.", nil, nil},
		{"Her friend\nSophie came.", nil, nil},
		{"Her manager Mrs Patel", nil, nil},
		{"Her ISVA Kate Morris rang.", nil, []string{"name:Kate Morris"}},
		{"HER BROTHER TOM", nil, nil},
		{"The ISVA Hub and the IDVA Service", nil, nil},
	})
}

func TestTitledNamesNotOnRecord(t *testing.T) {
	runDetectorCases(t, findTitledNames, []detectorCase{
		{"Her GP is Dr Okafor; Sam", nil, []string{"name:Dr Okafor"}},
		{"Mx Rowe, the ISVA", nil, []string{"name:Mx Rowe"}},
		{"she had consulted Dr Google about it", nil, nil},
		{"not waiting for Mr Right", nil, nil},
		{"a Miss Carter from", nil, []string{"name:Miss Carter"}},
		{"Prof Lindqvist, her", nil, []string{"name:Prof Lindqvist"}},
		{"Mrs. Patel-Hughes will", nil, []string{"name:Mrs. Patel-Hughes"}},
		{"Ms J. Okafor-Reed is", nil, []string{"name:Ms J. Okafor-Reed"}},
		{"Dr Amara Osei.", nil, []string{"name:Dr Amara Osei"}},
		{"DS Anita Clarke, who", nil, []string{"name:DS Anita Clarke"}},
		{"Detective Sergeant Amy Ward", nil, []string{"name:Detective Sergeant Amy Ward"}},
		{"PC 2345 Jane Doherty rang", nil, []string{"name:PC 2345 Jane Doherty"}},
		{"Mr Dobson's car", nil, []string{"name:Mr Dobson"}},
		{"Mr de Souza", nil, []string{"name:Mr de Souza"}},
		{"Pastor Adeyemi and Fr. O'Malley", nil, []string{"name:Pastor Adeyemi", "name:Fr. O'Malley"}},
		{"MR TOM ASHWORTH", nil, []string{"name:MR TOM ASHWORTH"}},
		{"MX Lee and Sgt Malik", nil, []string{"name:MX Lee", "name:Sgt Malik"}},
		// Not names.
		{"the session was on MS Teams", nil, nil},
		{"her MS Nurse", nil, nil},
		{"Mrs and Mr", nil, nil},
		{"the Detective Sergeant said", nil, nil},
		{"Miss the bus", nil, nil},
		{"Dr Monday", nil, nil},
		{"a visit from Father Christmas", nil, nil},
		{"her Dc said", nil, nil},
	})
}

func TestReferencesAndLongNumbers(t *testing.T) {
	runDetectorCases(t, findReferences, []detectorCase{
		{"crime reference number is 13/82716/25.", nil, []string{"other:13/82716/25"}},
		{"crime ref: CR/12345/25", nil, []string{"other:CR/12345/25"}},
		{"tenancy reference is TEN-2231-0987", nil, []string{"other:TEN-2231-0987"}},
		{"Home Office reference is R1234567", nil, []string{"other:R1234567"}},
		// Not references.
		{"her sleep log 2024-25", nil, nil},
		{"in reference to 2 sessions", nil, nil},
		{"the case in 2024", nil, nil},
		{"reference on 12/05/2025", nil, nil},
	})
	runDetectorCases(t, findSocialHandles, []detectorCase{
		{"her Snapchat is ellie_shaw99.", nil, []string{"other:ellie_shaw99"}},
		{"Instagram: jade.wilson.art", nil, []string{"other:jade.wilson.art"}},
		{"TikTok username sam-t-2001", nil, []string{"other:sam-t-2001"}},
		{"her Instagram is private", nil, nil},
		{"on Facebook last week", nil, nil},
		{"Snapchat. 2025 was hard", nil, nil},
	})
	runDetectorCases(t, findLongNumbers, []detectorCase{
		{"passport number 123456789", nil, []string{"other:123456789"}},
		{"licence MORGA753116SM9IJ", nil, []string{"other:MORGA753116SM9IJ"}},
		{"2025 and 50 minutes and 2024-2025", nil, nil},
		{"COVID19", nil, nil},
	})
}

func TestSuggestMergesOverlapsKeepingTheLongestKind(t *testing.T) {
	text := "email sam.turner@example.org or call Sam"
	got := Suggest(text, []string{"Sam Turner"})
	var parts []string
	for _, sp := range got {
		parts = append(parts, string(sp.Kind)+":"+sp.Text)
	}
	want := "email:sam.turner@example.org|name:Sam"
	if strings.Join(parts, "|") != want {
		t.Errorf("got %q, want %q", parts, want)
	}
	checkWellFormed(t, text, got)
}

func TestSuggestNeverReturnsNil(t *testing.T) {
	for _, text := range []string{"", "nothing to see", "\xff\xfe"} {
		if got := Suggest(text, nil); got == nil || len(got) != 0 {
			t.Errorf("Suggest(%q) = %#v, want an empty non-nil slice", text, got)
		}
	}
}

func TestIdentifiersBrokenByALineBreak(t *testing.T) {
	runDetectorCases(t, findAcrossBreaks, []detectorCase{
		{"Her mobile is 07700\n900123 now", nil, []string{"phone:07700\n900123"}},
		{"her mobile 07700 900\n123.", nil, []string{"phone:07700 900\n123"}},
		{"landline 0114 496 \r\n  0231.", nil, []string{"phone:0114 496 \r\n  0231"}},
		{"work 07700-\n900555.", nil, []string{"phone:07700-\n900555"}},
		{"+44 7700\n900123", nil, []string{"phone:+44 7700\n900123"}},
		{"NHS number 943 476\n5919.", nil, []string{"nhs_number:943 476\n5919"}},
		{"NHS no 943-476-\n5919.", nil, []string{"nhs_number:943-476-\n5919"}},
		{"NI number JK 12 34\n56 C.", nil, []string{"ni_number:JK 12 34\n56 C"}},
		{"lives in Sheffield S1\n4HP now", nil, []string{"postcode:S1\n4HP"}},
		{"postcode SK4\n3QT", nil, []string{"postcode:SK4\n3QT"}},
		{"email p.shah@\nexample.org today", nil, []string{"email:p.shah@\nexample.org"}},
		{"email p.shah\n@example.org today", nil, []string{"email:p.shah\n@example.org"}},
		{"email j.smith@example.\norg today", nil, []string{"email:j.smith@example.\norg"}},
		{"email k_\njones@example.org today", nil, []string{"email:k_\njones@example.org"}},
		{"sort code 20-45-\n77, account 4123\n4567", nil, []string{"bank_details:20-45-\n77", "bank_details:4123\n4567"}},
		// Found on one line by the other detectors: nothing more here.
		{"call 07700 900123\n2. Next", nil, nil},
		{"p.shah@example.org\nthen she left", nil, nil},
		// Numbers that only line up across lines are not identifiers.
		{"Scores: 08\n12\n15\n20\n22", nil, nil},
		{"Times 0930\n1030\n1130", nil, nil},
		{"Session on 3 March 2025\n12 people attended.", nil, nil},
		{"She said no.\nShe said j.smith@example.org", nil, nil},
		{"a blank line 07700\n\n900123 is a new paragraph", nil, nil},
		{"a sentence ends at example.\nOrg chart", nil, nil},
	})
}

func TestSuggestFindsAPhoneBrokenAcrossALine(t *testing.T) {
	text := "Her sister Emma rang from 07700\n900123 after the session."
	got := Suggest(text, []string{"Emma Whitfield"})
	checkWellFormed(t, text, got)
	want := []string{"name:Emma", "phone:07700\n900123"}
	var have []string
	for _, sp := range got {
		have = append(have, string(sp.Kind)+":"+sp.Text)
	}
	if !slices.Equal(have, want) {
		t.Errorf("got %q, want %q", have, want)
	}
}

func TestBrokenIdentifiersFarApartKeepTheirOffsets(t *testing.T) {
	filler := strings.Repeat("She talked about the week and what helped.\n", 20)
	text := filler + "Mum: 07700\n900123. " + filler + "Email p.shah@\nexample.org and\n" + filler +
		"postcode S1\n4HP, then 0114 496\n0231.\n" + filler
	got := detect(findAcrossBreaks, text)
	want := []string{"phone:07700\n900123", "email:p.shah@\nexample.org", "postcode:S1\n4HP", "phone:0114 496\n0231"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
