package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// peer is what this server believes about where a request came from: the
// real client's address and whether it reached us over HTTPS. Behind a
// trusted proxy both come from X-Forwarded-For and X-Forwarded-Proto; from
// anyone else those headers are ignored, so a client cannot claim another
// address to escape a per-address limit or lock out someone else's.
type peer struct {
	addr  string // an IP address, never a port
	https bool
}

type peerKey struct{}

// clientAddr is the real client's IP address: the one place handlers and
// throttles get it from. Behind a trusted proxy it is the address the proxy
// saw; otherwise the TCP peer's.
func clientAddr(r *http.Request) string {
	if p, ok := r.Context().Value(peerKey{}).(peer); ok {
		return p.addr
	}
	return remoteIP(r.RemoteAddr)
}

// viaHTTPS reports whether the client reached us over HTTPS (directly, or
// through a trusted proxy that says so).
func viaHTTPS(r *http.Request) bool {
	if p, ok := r.Context().Value(peerKey{}).(peer); ok {
		return p.https
	}
	return r.TLS != nil
}

func remoteIP(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}

// withPeer records the request's peer in its context.
func (s *Server) withPeer(r *http.Request) *http.Request {
	p := peer{addr: remoteIP(r.RemoteAddr), https: r.TLS != nil}
	if ip, err := netip.ParseAddr(p.addr); err == nil && trusted(s.Public.TrustedProxies, ip) {
		if a, ok := forwardedFor(r.Header.Values("X-Forwarded-For"), s.Public.TrustedProxies); ok {
			p.addr = a
		}
		if proto := r.Header.Get("X-Forwarded-Proto"); proto != "" {
			p.https = strings.EqualFold(strings.TrimSpace(proto), "https")
		}
	}
	return r.WithContext(context.WithValue(r.Context(), peerKey{}, p))
}

func trusted(proxies []netip.Prefix, ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// forwardedFor finds the client in X-Forwarded-For: walking from the right
// (the hop nearest us), the first address that is not one of our trusted
// proxies. Anything to its left was written by the client and proves
// nothing. A malformed entry stops the walk: it cannot be believed, and
// neither can what lies beyond it.
func forwardedFor(headers []string, proxies []netip.Prefix) (string, bool) {
	var hops []string
	for _, h := range headers {
		hops = append(hops, strings.Split(h, ",")...)
	}
	last := ""
	for i := len(hops) - 1; i >= 0; i-- {
		ip, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil || ip.Zone() != "" {
			break
		}
		ip = ip.Unmap()
		last = ip.String()
		if !trusted(proxies, ip) {
			return last, true
		}
	}
	// Every readable hop was a proxy of ours: the leftmost of them is the
	// nearest thing to a client we know.
	return last, last != ""
}

// ParseTrustedProxy reads a --trusted-proxy value: a CIDR prefix, or one
// address (taken as a prefix of its full length).
func ParseTrustedProxy(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		return p.Masked(), nil
	}
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	ip = ip.Unmap()
	return netip.PrefixFrom(ip, ip.BitLen()), nil
}
