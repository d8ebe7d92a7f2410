// Package e2e holds the browser test of the checkout example: headless
// Chromium, driven with chromedp, fills in and submits the checkout page
// served in-process on paytest, and watches the order page turn to paid
// when paytest's signed charge.succeeded event reaches the page's webhook
// endpoint.
//
//	cd e2e && go test ./...
//
// It is a module of its own so that the browser driver never becomes a
// dependency of the library. It needs Debian's /usr/bin/chromium (or
// CHROMIUM set to another binary); without it the test skips locally and
// fails in CI (CI=true).
package e2e
