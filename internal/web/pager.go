package web

// pager is where a list split into pages stands: the page shown (from 1)
// and how many pages there are (at least one, so that an empty list reads
// "page 1 of 1").
type pager struct {
	Page, Pages int
}

// pageOf is the page asked for, moved into the pages that total items
// fill perPage at a time: below the first is the first, past the last is
// the last.
func pageOf(asked, total, perPage int) pager {
	p := pager{Page: asked, Pages: (total + perPage - 1) / perPage}
	if p.Pages < 1 {
		p.Pages = 1
	}
	p.Page = min(max(p.Page, 1), p.Pages)
	return p
}

// offset is how many items come before the page.
func (p pager) offset(perPage int) int { return (p.Page - 1) * perPage }
