// Package customer saves customers and their cards so they can be charged
// later: /v1/customers.
package customer
