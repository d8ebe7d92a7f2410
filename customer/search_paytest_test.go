package customer_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"
)

// TestPaytest_SearchCustomersByMetadata finds customers by a metadata value
// on paytest, one result a page, and one by email with SearchPage.
func TestPaytest_SearchCustomersByMetadata(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	ctx := context.Background()
	customers := customer.NewClient(srv.Client())
	for _, u := range []string{"41", "42", "42"} {
		_, err := customers.Create(ctx, &customer.CreateParams{Email: "u" + u + "@example.com", Metadata: pay.Metadata{"user_id": u}})
		require.NoError(t, err)
	}
	var emails []string
	for cus, err := range customers.Search(ctx, &customer.SearchParams{Query: "metadata['user_id']:'42'", Limit: 1}) {
		require.NoError(t, err)
		emails = append(emails, cus.Email)
	}
	assert.Equal(t, []string{"u42@example.com", "u42@example.com"}, emails)

	page, err := customers.SearchPage(ctx, &customer.SearchParams{Query: "email:'u41@example.com'"})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.False(t, page.HasMore)
	assert.Empty(t, page.NextPage)
}
