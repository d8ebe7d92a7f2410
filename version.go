package pay

// Version is the version of this library, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultBaseURL is the API's base URL, used unless [WithBaseURL] says otherwise.
const DefaultBaseURL = "https://api.stripe.com"
