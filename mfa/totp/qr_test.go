package totp

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/boombuler/barcode/qr"
)

const testURL = "otpauth://totp/Mijn%20Account:alice@example.nl?algorithm=SHA1&digits=6&issuer=Mijn%20Account&period=30&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestQRPNG(t *testing.T) {
	want, err := qr.Encode(testURL, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	n := want.Bounds().Dx()
	for _, size := range []int{n + 2*quietZone, 200, 256, 257, 512} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			b, err := QRPNG(testURL, size)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
				t.Fatal("no PNG signature")
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds(); got.Dx() != size || got.Dy() != size {
				t.Fatalf("image is %v, want %dx%d", got, size, size)
			}
			// Every module's centre pixel matches the QR matrix, and the
			// quiet zone is white.
			px := size / (n + 2*quietZone)
			off := (size - n*px) / 2
			if off < quietZone*px {
				t.Fatalf("quiet zone %dpx, want at least %d", off, quietZone*px)
			}
			for y := 0; y < n; y++ {
				for x := 0; x < n; x++ {
					if got := isDark(img.At(off+x*px+px/2, off+y*px+px/2)); got != dark(want, x, y) {
						t.Fatalf("module (%d,%d): dark = %v, want %v", x, y, got, !got)
					}
				}
			}
			for i := 0; i < size; i++ {
				for _, p := range [][2]int{{i, 0}, {0, i}, {i, size - 1}, {size - 1, i}} {
					if isDark(img.At(p[0], p[1])) {
						t.Fatalf("border pixel %v is dark", p)
					}
				}
			}
		})
	}
}

func isDark(c interface{ RGBA() (r, g, b, a uint32) }) bool {
	r, _, _, _ := c.RGBA()
	return r < 0x8000
}

func TestQRPNGRefuses(t *testing.T) {
	for _, tt := range []struct {
		name string
		url  string
		size int
	}{
		{"too small for the modules", testURL, 40},
		{"zero", testURL, 0},
		{"negative", testURL, -256},
		{"too large", testURL, MaxQRSize + 1},
		{"not otpauth", "https://example.com/", 256},
		{"hotp", strings.Replace(testURL, "//totp/", "//hotp/", 1), 256},
	} {
		if _, err := QRPNG(tt.url, tt.size); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

func TestQRSVG(t *testing.T) {
	b, err := QRSVG(testURL)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := qr.Encode(testURL, qr.M, qr.Auto)
	total := code.Bounds().Dx() + 2*quietZone
	if !bytes.Contains(b, []byte(fmt.Sprintf(`viewBox="0 0 %d %d"`, total, total))) {
		t.Fatalf("no viewBox for %d modules: %.120s", total, b)
	}
	// Well-formed XML with only svg, rect and path elements.
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local != "svg" && se.Name.Local != "rect" && se.Name.Local != "path" {
			t.Fatalf("unexpected element <%s>", se.Name.Local)
		}
	}
	// The path covers exactly the dark modules.
	dark := 0
	for y := 0; y < code.Bounds().Dy(); y++ {
		for x := 0; x < code.Bounds().Dx(); x++ {
			if isDark(code.At(x, y)) {
				dark++
			}
		}
	}
	covered := 0
	for _, seg := range strings.Split(string(b), "M")[1:] {
		var x, y, run int
		if _, err := fmt.Sscanf(seg, "%d %dh%d", &x, &y, &run); err != nil {
			t.Fatalf("segment %q: %v", seg, err)
		}
		covered += run
	}
	if covered != dark {
		t.Fatalf("path covers %d modules, want %d", covered, dark)
	}
	if _, err := QRSVG("javascript:alert(1)"); err == nil {
		t.Fatal("non-otpauth content accepted")
	}
}
