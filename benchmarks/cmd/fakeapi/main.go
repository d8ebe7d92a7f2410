// Command fakeapi is the fake Charges API the benchmarks run against. It runs
// in its own process, so its allocations and CPU time never count towards a
// subject's allocations, and it answers every subject with the same bytes:
//
//	POST /v1/charges         the fixture charge (the form body is read and dropped)
//	GET  /v1/charges/{id}    the fixture charge
//	GET  /v1/charges         a page of a list of 10,000 charges (1,000 with
//	                         customer=list_1000), limit and starting_after honoured
//	GET  /_stats             {"new_conns": n, "requests": n} since start
//
// It listens on -addr (default a free loopback port) and prints its base URL
// as the first line of stdout.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/paykit/pay/benchmarks/internal/fixture"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	s := newServer()
	srv := &http.Server{
		Handler: s,
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				s.newConns.Add(1)
			}
		},
	}
	fmt.Fprintf(os.Stdout, "http://%s\n", ln.Addr())
	log.Fatal(srv.Serve(ln))
}

type server struct {
	charge   []byte
	pages    sync.Map // pageKey -> []byte
	newConns atomic.Int64
	requests atomic.Int64
}

type pageKey struct{ from, n, total int }

func newServer() *server { return &server{charge: fixture.Charge()} }

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_stats" {
		json.NewEncoder(w).Encode(map[string]int64{"new_conns": s.newConns.Load(), "requests": s.requests.Load()})
		return
	}
	s.requests.Add(1)
	io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_bench")
	switch {
	case r.URL.Path == "/v1/charges" && r.Method == http.MethodPost,
		strings.HasPrefix(r.URL.Path, "/v1/charges/") && r.Method == http.MethodGet:
		s.write(w, s.charge)
	case r.URL.Path == "/v1/charges" && r.Method == http.MethodGet:
		s.list(w, r)
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"type":"invalid_request_error","message":"Unrecognized request URL"}}`)
	}
}

func (s *server) write(w http.ResponseWriter, b []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

func (s *server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	total := 10000
	if q.Get("customer") == "list_1000" {
		total = 1000
	}
	n := 10
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l >= 1 && l <= 100 {
		n = l
	}
	from := 0
	if after := q.Get("starting_after"); after != "" {
		i := fixture.Index(after)
		if i < 0 {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"type":"invalid_request_error","message":"No such charge","param":"starting_after"}}`)
			return
		}
		from = i + 1
	}
	k := pageKey{from, n, total}
	b, ok := s.pages.Load(k)
	if !ok {
		b, _ = s.pages.LoadOrStore(k, fixture.Page(from, n, total))
	}
	s.write(w, b.([]byte))
}
