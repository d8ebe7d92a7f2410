package paytest

import "time"

// SetWebhookTiming changes how deliveries are retried and timed out, for
// tests that need a short per-attempt timeout. Call it before
// AddWebhookEndpoint.
func SetWebhookTiming(s *Server, attempts int, wait, timeout time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hooks == nil {
		s.hooks = newDelivery(s.cfg)
		for _, st := range s.stores {
			st.events.out = s.hooks
		}
	}
	d := s.hooks
	d.attempts, d.wait, d.timeout = attempts, wait, timeout
}
