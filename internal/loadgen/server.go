package loadgen

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/mijnaccount/mijnaccount/internal/loopback"
)

// Server is one `mijnaccount serve` child process.
type Server struct {
	cmd   *exec.Cmd
	URL   string        // http://127.0.0.1:port
	Ready time.Duration // from exec to the first 200 from /readyz
}

// Pid is the server's process id.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// FreePort returns a free TCP port on 127.0.0.1.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// StartServer runs bin serve with env plus a listen address on port and
// waits until /readyz answers 200.
func StartServer(ctx context.Context, bin string, env []string, port int, logFile *os.File) (*Server, error) {
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(append(os.Environ(), env...), "MIJNACCOUNT_LISTEN="+addr)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{cmd: cmd, URL: "http://" + addr}
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		res, err := client.Get(s.URL + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				s.Ready = time.Since(start)
				return s, nil
			}
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	s.Stop()
	return nil, fmt.Errorf("server on %s not ready within 30 s (log: %s)", addr, logFile.Name())
}

// Stop ends the server with SIGINT (a graceful shutdown) and waits.
func (s *Server) Stop() {
	if s == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// CheckLoopback refuses any target that is not a loopback address.
func CheckLoopback(target string) error {
	if _, err := url.Parse(target); err != nil {
		return err
	}
	if !loopback.URL(target) {
		return fmt.Errorf("target %q is not on loopback: loadgen only drives servers on this machine", target)
	}
	return nil
}
