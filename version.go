package pay

// Version is the version of this library, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultBaseURL is the API's base URL, used unless [WithBaseURL] says otherwise.
const DefaultBaseURL = "https://api.stripe.com"

// APIVersion is the API version the types of this library follow: the
// version of the OpenAPI spec that stripe-mock v0.203.0 embeds. Every request
// sends it as Stripe-Version unless [WithAPIVersion] sets another.
const APIVersion = "2026-08-26.dahlia"
