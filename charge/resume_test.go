package charge_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// resumeSetup makes 7 charges on a paytest server and returns a client
// that does not retry, and the charges' ids, newest first.
func resumeSetup(t *testing.T) (*paytest.Server, *charge.Client, []string) {
	t.Helper()
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	charges := charge.NewClient(srv.Client(pay.WithMaxRetries(0)))
	var ids []string
	for range 7 {
		ch, err := charges.Create(context.Background(), &charge.CreateParams{Amount: 500, Currency: "usd", Source: "tok_visa"})
		require.NoError(t, err)
		ids = append([]string{ch.ID}, ids...)
	}
	return srv, charges, ids
}

func wantStatus(t *testing.T, err error, status int) {
	t.Helper()
	var pe *pay.Error
	require.True(t, errors.As(err, &pe), "got %v", err)
	assert.Equal(t, status, pe.StatusCode)
}

// TestList_ResumeWithStartingAfter: a list loop that ends at an error
// resumes from the last id it handled (README, "List and reconcile") and
// sees every charge exactly once.
func TestList_ResumeWithStartingAfter(t *testing.T) {
	srv, charges, want := resumeSetup(t)
	ctx := context.Background()
	var seen []string
	last := ""
	run := func() error {
		for ch, err := range charges.List(ctx, &charge.ListParams{ListParams: pay.ListParams{Limit: 3, StartingAfter: last}}) {
			if err != nil {
				return err
			}
			seen, last = append(seen, ch.ID), ch.ID
			if len(seen) == 3 {
				srv.FailNext(1, paytest.Fault{Status: http.StatusServiceUnavailable}) // the next page fails
			}
		}
		return nil
	}
	wantStatus(t, run(), http.StatusServiceUnavailable)
	assert.Equal(t, want[:3], seen)
	require.NoError(t, run(), "resumed")
	assert.Equal(t, want, seen)
}

// TestSearch_ResumeWithThePageCursor: a search paged with SearchPage
// resumes from the cursor of the page that failed.
func TestSearch_ResumeWithThePageCursor(t *testing.T) {
	srv, charges, want := resumeSetup(t)
	ctx := context.Background()
	var seen []string
	cursor := ""
	run := func() error {
		for {
			page, err := charges.SearchPage(ctx, &charge.SearchParams{Query: "amount:500", Limit: 3, Page: cursor})
			if err != nil {
				return err
			}
			for _, ch := range page.Data {
				seen = append(seen, ch.ID)
			}
			if len(seen) == 3 {
				srv.FailNext(1, paytest.Fault{Status: http.StatusServiceUnavailable})
			}
			if !page.HasMore {
				return nil
			}
			cursor = page.NextPage
		}
	}
	wantStatus(t, run(), http.StatusServiceUnavailable)
	assert.Len(t, seen, 3)
	require.NoError(t, run(), "resumed")
	assert.ElementsMatch(t, want, seen, "every charge once")
}
