package paytest

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
)

// 3-D Secure: an intent in requires_action has a next action that points
// at threeDSPath + its id, a page served outside /v1 with buttons that
// complete or fail the authentication, as a bank's page would; then the
// browser goes to the intent's return URL. Server.Authenticate does the
// same in code.

// threeDSPath is where the authentication pages are served.
const threeDSPath = "/paytest/3ds/"

// authFailure is the last error of an intent whose authentication failed.
func authFailure(setup bool) *apiError {
	if setup {
		return invalidRequest(402, "setup_intent_authentication_failure", "",
			"The latest attempt to set up the payment method has failed because authentication failed.")
	}
	return invalidRequest(402, "payment_intent_authentication_failure", "",
		"The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.")
}

// errNotPending is Authenticate's error for an intent that is not waiting
// for authentication.
var errNotPending = errors.New("paytest: the intent is not waiting for authentication (status requires_action)")

// Authenticate completes (approve) or fails the 3-D Secure authentication
// of the PaymentIntent or SetupIntent id, in status requires_action, as
// the customer's click on paytest's authentication page does. Completed,
// a PaymentIntent is charged (and may still be declined: see
// pm_card_authenticationRequiredChargeDeclinedInsufficientFunds) and a
// SetupIntent succeeds; failed, either goes back to
// requires_payment_method with its last error
// (payment_intent_authentication_failure,
// setup_intent_authentication_failure). The events are sent as for any
// request. The error says why nothing was done: no such intent, or one
// that is not waiting for authentication.
func (s *Server) Authenticate(id string, approve bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.authenticate(id, approve)
	return err
}

// authenticate is Authenticate under s.mu; it returns where the customer
// goes next: the return URL with the intent's id, client secret and
// redirect_status, or "" when the intent has none.
func (s *Server) authenticate(id string, approve bool) (string, error) {
	st := s.storeWhere(func(st *store) bool {
		_, pi := st.paymentIntents.get(id)
		_, si := st.setupIntents.get(id)
		return pi || si
	})
	if st == nil {
		return "", fmt.Errorf("paytest: no PaymentIntent or SetupIntent %q", id)
	}
	if pi, ok := st.paymentIntents.get(id); ok {
		if pi.status != piRequiresAction {
			return "", errNotPending
		}
		if approve {
			st.chargePI(pi, nil) // a decline is recorded on the intent
		} else {
			st.failPI(pi, authFailure(false))
		}
		ok := pi.status == piSucceeded || pi.status == piRequiresCapture || pi.status == piProcessing
		return returnTo(pi.returnURL, "payment_intent", pi.id, pi.clientSecret, ok), nil
	}
	si, _ := st.setupIntents.get(id)
	if si.status != siRequiresAction {
		return "", errNotPending
	}
	if approve {
		st.setUpSI(si)
	} else {
		st.failSI(si, authFailure(true))
	}
	return returnTo(si.returnURL, "setup_intent", si.id, si.clientSecret, si.status == siSucceeded), nil
}

// returnTo is the return URL with the intent (kind payment_intent or
// setup_intent), its client secret and the redirect status added.
func returnTo(returnURL, kind, id, secret string, ok bool) string {
	if returnURL == "" {
		return ""
	}
	u, err := url.Parse(returnURL)
	if err != nil {
		return ""
	}
	status := "failed"
	if ok {
		status = "succeeded"
	}
	q := u.Query()
	q.Set(kind, id)
	q.Set(kind+"_client_secret", secret)
	q.Set("redirect_status", status)
	u.RawQuery = q.Encode()
	return u.String()
}

var threeDSPage = template.Must(template.New("3ds").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>paytest: 3-D Secure</title></head>
<body>
<h1>3-D Secure test authentication</h1>
{{if .Pending}}<p>Authenticate {{.What}} <code id="intent">{{.ID}}</code>{{if .Amount}} for <strong>{{.Amount}}</strong>{{end}}?</p>
<form method="post">
<button type="submit" name="result" value="complete" id="complete">Complete authentication</button>
<button type="submit" name="result" value="fail" id="fail">Fail authentication</button>
</form>{{else}}<p id="done">{{.Message}}</p>{{end}}
</body></html>
`))

type threeDSView struct {
	Pending          bool
	What, ID, Amount string
	Message          string
}

// serveThreeDS is GET and POST threeDSPath + {id}: the page, and its
// buttons' answer (result=complete or fail), which redirects to the
// return URL.
func serveThreeDS(s *Server, w http.ResponseWriter, r *http.Request, args map[string]string) {
	id := args["id"]
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			threeDSPage.Execute(w, threeDSView{Message: "The form could not be read."})
			return
		}
		result := r.PostForm.Get("result")
		if result != "complete" && result != "fail" {
			w.WriteHeader(http.StatusBadRequest)
			threeDSPage.Execute(w, threeDSView{Message: "Choose complete or fail."})
			return
		}
		s.mu.Lock()
		next, err := s.authenticate(id, result == "complete")
		s.mu.Unlock()
		switch {
		case errors.Is(err, errNotPending):
			w.WriteHeader(http.StatusConflict)
			threeDSPage.Execute(w, threeDSView{Message: "This authentication is no longer pending."})
		case err != nil:
			w.WriteHeader(http.StatusNotFound)
			threeDSPage.Execute(w, threeDSView{Message: "There is no such payment to authenticate."})
		case next != "":
			http.Redirect(w, r, next, http.StatusSeeOther)
		default:
			threeDSPage.Execute(w, threeDSView{Message: "Authentication " + map[bool]string{true: "completed", false: "failed"}[result == "complete"] + ". You can close this window."})
		}
		return
	}
	s.mu.Lock()
	view, found := s.threeDSView(id)
	s.mu.Unlock()
	if !found {
		w.WriteHeader(http.StatusNotFound)
	}
	threeDSPage.Execute(w, view)
}

// threeDSView describes the intent id for its page. s.mu must be held.
func (s *Server) threeDSView(id string) (threeDSView, bool) {
	for _, st := range s.stores {
		if pi, ok := st.paymentIntents.get(id); ok {
			v := threeDSView{What: "the payment", ID: pi.id, Amount: formatAmount(pi.currency, pi.amount)}
			v.Pending = pi.status == piRequiresAction
			if !v.Pending {
				v.Message = "This payment is not waiting for authentication (status " + string(pi.status) + ")."
			}
			return v, true
		}
		if si, ok := st.setupIntents.get(id); ok {
			v := threeDSView{What: "saving the card", ID: si.id, Pending: si.status == siRequiresAction}
			if !v.Pending {
				v.Message = "This setup is not waiting for authentication (status " + string(si.status) + ")."
			}
			return v, true
		}
	}
	return threeDSView{Message: "There is no such payment to authenticate."}, false
}
