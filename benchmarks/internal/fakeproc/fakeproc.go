// Package fakeproc builds cmd/fakeapi and runs it in a child process on a
// free loopback port, so the server's work never shows in the benchmarks'
// allocation counts.
package fakeproc

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Server is a running fakeapi process.
type Server struct {
	// URL is the base URL, http://127.0.0.1:port.
	URL string
	cmd *exec.Cmd
	dir string
}

// Stats are the server's counters since it started.
type Stats struct {
	NewConns int64 `json:"new_conns"`
	Requests int64 `json:"requests"`
}

// Start builds and starts the fake API. Call Close when done.
func Start() (*Server, error) {
	dir, err := os.MkdirTemp("", "fakeapi")
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "fakeapi")
	build := exec.Command("go", "build", "-o", bin, "github.com/paykit/pay/benchmarks/cmd/fakeapi")
	build.Dir = moduleDir()
	if out, err := build.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("building fakeapi: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{cmd: cmd, dir: dir}
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- strings.TrimSpace(l)
	}()
	select {
	case s.URL = <-line:
	case <-time.After(30 * time.Second):
	}
	if !strings.HasPrefix(s.URL, "http://") {
		s.Close()
		return nil, fmt.Errorf("fakeapi did not report its address (got %q)", s.URL)
	}
	return s, nil
}

// moduleDir is the benchmarks module's root, found from this file's path.
func moduleDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// statsClient has a transport of its own, so asking for the counters never
// takes or adds a connection in a subject's pool; its one connection is
// opened by the first call and reused.
var statsClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}

// Stats returns the server's counters.
func (s *Server) Stats() (Stats, error) {
	var st Stats
	resp, err := statsClient.Get(s.URL + "/_stats")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	err = json.NewDecoder(resp.Body).Decode(&st)
	return st, err
}

// Close stops the process and removes its binary.
func (s *Server) Close() {
	if s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
	os.RemoveAll(s.dir)
}
