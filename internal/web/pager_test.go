package web

import "testing"

func TestPageOfKeepsThePageInsideTheList(t *testing.T) {
	for _, c := range []struct {
		asked, total, per int
		want              pager
		offset            int
	}{
		{asked: 1, total: 0, per: 20, want: pager{1, 1}, offset: 0},
		{asked: 0, total: 25, per: 20, want: pager{1, 2}, offset: 0},
		{asked: -3, total: 25, per: 20, want: pager{1, 2}, offset: 0},
		{asked: 2, total: 25, per: 20, want: pager{2, 2}, offset: 20},
		{asked: 9, total: 25, per: 20, want: pager{2, 2}, offset: 20},
		{asked: 3, total: 40, per: 20, want: pager{2, 2}, offset: 20},
		{asked: 3, total: 41, per: 20, want: pager{3, 3}, offset: 40},
	} {
		got := pageOf(c.asked, c.total, c.per)
		if got != c.want || got.offset(c.per) != c.offset {
			t.Errorf("pageOf(%d, %d, %d) = %+v offset %d, want %+v offset %d", c.asked, c.total, c.per, got, got.offset(c.per), c.want, c.offset)
		}
	}
}
