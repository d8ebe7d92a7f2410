package paytest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/paykit/pay"
	signing "github.com/paykit/pay/internal/sign"
)

// Delivery defaults: one delivery and 4 retries, 10ms, 20ms, 40ms and 80ms
// apart (see WebhookRetries), each attempt allowed 10s, so a test that
// makes its handler fail a few times still finishes in milliseconds.
const (
	webhookAttempts = 5
	webhookWait     = 10 * time.Millisecond
	webhookTimeout  = 10 * time.Second
)

// delivery sends events to the webhook endpoints: one goroutine per
// endpoint, each sending its events one at a time, in the order they were
// emitted.
type delivery struct {
	client   *http.Client
	attempts int
	wait     time.Duration
	timeout  time.Duration

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	endpoints []*endpoint
	pending   int           // (event, endpoint) pairs not yet finished
	idle      chan struct{} // closed while pending is 0
	closed    bool
}

// endpoint is one webhook URL and its queue.
type endpoint struct {
	url, secret string
	queue       []*event // guarded by delivery.mu
	wake        chan struct{}
}

func newDelivery(c config) *delivery {
	ctx, cancel := context.WithCancel(context.Background())
	tr := http.DefaultTransport.(*http.Transport).Clone()
	idle := make(chan struct{})
	close(idle)
	return &delivery{
		client: &http.Client{
			Transport: tr,
			// The API treats a redirect as a failed delivery.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		attempts: c.hookTries, wait: c.hookWait, timeout: c.hookTimout,
		ctx: ctx, cancel: cancel, idle: idle,
	}
}

// AddWebhookEndpoint makes the server send every event it emits from now on
// to url, as the API does: a POST of the event's JSON, signed with secret
// in a Stripe-Signature header (verify it with webhook.Verify or
// webhook.Handler). Events emitted before the call are not sent; read them
// with Events or GET /v1/events.
//
// Delivery is asynchronous and in order: each endpoint gets its events one
// at a time, the next once the last was acknowledged with a 2xx or given
// up on. A non-2xx answer (a redirect included), a dropped connection or a
// response that takes over 10s is retried 4 times, after 10ms, 20ms, 40ms
// and 80ms (one delivery and 4 retries; [WebhookRetries] changes both),
// then given up; the event's pending_webhooks then stays above zero, as it
// does in the API, so GET /v1/events?delivery_success=false finds it. An
// event can thus arrive more than once, as in the API. [Server.WaitForWebhooks]
// waits for the deliveries; Close stops them.
func (s *Server) AddWebhookEndpoint(url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.hooks
	if d == nil {
		d = newDelivery(s.cfg)
		s.hooks = d
		for _, st := range s.stores {
			st.events.out = d
		}
	}
	d.add(&endpoint{url: url, secret: secret, wake: make(chan struct{}, 1)})
}

// WaitForWebhooks waits until no event is pending delivery (each was
// acknowledged or given up on) and returns nil, or returns ctx's error if
// ctx ends first. With no endpoint it returns at once.
func (s *Server) WaitForWebhooks(ctx context.Context) error {
	s.mu.Lock()
	d := s.hooks
	s.mu.Unlock()
	if d == nil {
		return ctx.Err()
	}
	d.mu.Lock()
	idle := d.idle
	d.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stopWebhooks stops delivery and waits for its goroutines to end.
func (s *Server) stopWebhooks() {
	s.mu.Lock()
	d := s.hooks
	s.mu.Unlock()
	if d != nil {
		d.stop()
	}
}

func (d *delivery) add(ep *endpoint) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.endpoints = append(d.endpoints, ep)
	d.wg.Add(1)
	go d.run(ep)
}

// enqueue queues e for every endpoint. It runs under Server.mu.
func (d *delivery) enqueue(e *event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || len(d.endpoints) == 0 {
		return
	}
	e.pending.Store(int64(len(d.endpoints)))
	if d.pending == 0 {
		d.idle = make(chan struct{})
	}
	for _, ep := range d.endpoints {
		ep.queue = append(ep.queue, e)
		d.pending++
		select {
		case ep.wake <- struct{}{}:
		default:
		}
	}
}

func (d *delivery) stop() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.closed = true
	d.cancel()
	d.mu.Unlock()
	d.wg.Wait()
	d.mu.Lock()
	for _, ep := range d.endpoints {
		ep.queue = nil
	}
	if d.pending > 0 {
		d.pending = 0
		close(d.idle)
	}
	d.mu.Unlock()
	d.client.CloseIdleConnections()
}

// run delivers ep's events in order until the delivery stops.
func (d *delivery) run(ep *endpoint) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		var e *event
		if len(ep.queue) > 0 {
			e = ep.queue[0]
		}
		d.mu.Unlock()
		if e == nil {
			select {
			case <-ep.wake:
				continue
			case <-d.ctx.Done():
				return
			}
		}
		ok := d.deliver(ep, e)
		if d.ctx.Err() != nil {
			return
		}
		if ok {
			e.pending.Add(-1)
		}
		d.mu.Lock()
		ep.queue[0] = nil
		ep.queue = ep.queue[1:]
		d.pending--
		if d.pending == 0 {
			close(d.idle)
		}
		d.mu.Unlock()
	}
}

// deliver sends e to ep until a 2xx answer or out of attempts, and
// reports whether it was acknowledged. Every attempt carries the same
// body with a fresh signature.
func (d *delivery) deliver(ep *endpoint, e *event) bool {
	payload := e.render()
	wait := d.wait
	for attempt := 1; attempt <= d.attempts; attempt++ {
		if attempt > 1 {
			if !sleep(d.ctx, wait) {
				return false
			}
			wait *= 2
		}
		if d.post(ep, payload) {
			return true
		}
	}
	return false
}

func (d *delivery) post(ep *endpoint, payload []byte) bool {
	ctx, cancel := context.WithTimeout(d.ctx, d.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.url, bytes.NewReader(payload))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "paytest/"+pay.Version+" (webhooks)")
	req.Header.Set("Stripe-Signature", sign(payload, ep.secret, time.Now()))
	resp, err := d.client.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}

// sign makes a Stripe-Signature header, as webhook.Sign does (both use
// internal/sign; paytest does not import package webhook, which imports
// the resource packages).
func sign(payload []byte, secret string, t time.Time) string {
	return signing.Header(payload, secret, t)
}
