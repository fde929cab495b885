package intake

import (
	"html"
	"strings"
)

// htmlText strips the tags from an HTML mail body, keeping its text, with
// block elements (paragraphs, divs, table rows, list items, line breaks) as
// line breaks and table cells as tabs. Script and style are dropped.
func htmlText(s string) string {
	var out strings.Builder
	i := 0
	skipUntil := ""
	for i < len(s) {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			if skipUntil == "" {
				out.WriteString(htmlSpace(s[i:]))
			}
			break
		}
		if skipUntil == "" {
			out.WriteString(htmlSpace(s[i : i+lt]))
		}
		i += lt
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		gt := strings.IndexByte(s[i:], '>')
		if gt < 0 {
			break
		}
		tag := s[i+1 : i+gt]
		i += gt + 1
		closing := strings.HasPrefix(tag, "/")
		name := strings.ToLower(strings.TrimLeft(tag, "/"))
		if k := strings.IndexAny(name, " \t\r\n/"); k >= 0 {
			name = name[:k]
		}
		if skipUntil != "" {
			if closing && name == skipUntil {
				skipUntil = ""
			}
			continue
		}
		switch name {
		case "script", "style", "head", "title":
			if !closing {
				skipUntil = name
			}
		case "br":
			out.WriteByte('\n')
		case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table":
			out.WriteString("\n\n")
		case "tr", "li":
			out.WriteByte('\n')
		case "td", "th":
			if closing {
				out.WriteByte('\t')
			}
		}
	}
	// HTML collapses runs of spaces and source line breaks; do the same
	// within each line we made.
	lines := strings.Split(strings.ReplaceAll(out.String(), "\r", ""), "\n")
	for k, l := range lines {
		cells := strings.Split(l, "\t")
		for c, cell := range cells {
			cells[c] = strings.Join(strings.Fields(cell), " ")
		}
		lines[k] = strings.TrimRight(strings.Join(cells, "\t"), "\t")
	}
	return strings.TrimSpace(collapseBlankLines(strings.Join(lines, "\n")))
}

// htmlSpace unescapes a run of HTML text and turns its source line breaks
// and tabs into spaces, as a browser would.
func htmlSpace(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
	return strings.ReplaceAll(html.UnescapeString(s), "\u00a0", " ")
}
