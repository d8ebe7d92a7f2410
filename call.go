package pay

import "context"

// Call sends one request through c, as [Client.Do] does, and returns the
// response decoded into a new T. It is the building block of the resource
// packages' single-object calls (Create, Get, Update, ...), beside
// [ListPage] and [Paginate] for lists.
//
// A nil c is an *Error (invalid_request_error), never a panic, so a
// resource client made without a *Client fails the same way in every
// package. On error the result is nil.
func Call[T any](ctx context.Context, c *Client, method, path string, params any, opts ...RequestOption) (*T, error) {
	out := new(T)
	if err := c.Do(ctx, method, path, params, out, opts...); err != nil {
		return nil, err
	}
	return out, nil
}
