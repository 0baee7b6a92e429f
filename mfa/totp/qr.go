package totp

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

const (
	// quietZone is the white border, in modules, that QR scanners need (ISO 18004).
	quietZone = 4
	// MaxQRSize bounds QRPNG's size so a request can't ask for a huge image.
	MaxQRSize = 2048
)

// QRPNG renders an otpauth:// URL as a size×size PNG QR code with a quiet
// zone. Modules are whole pixels, so size must leave at least one pixel per
// module (about 60 for a typical URL; 256 or more is comfortable).
//
// The QR matrix comes from boombuler/barcode (the encoder pquerna/otp's
// Key.Image uses); it is drawn here rather than with Key.Image because
// Key.Image has no quiet zone when size is a multiple of the module count.
func QRPNG(url string, size int) ([]byte, error) {
	code, n, err := encode(url)
	if err != nil {
		return nil, err
	}
	if size > MaxQRSize {
		return nil, fmt.Errorf("totp: QR size %d is more than %d", size, MaxQRSize)
	}
	px := size / (n + 2*quietZone)
	if px < 1 {
		return nil, fmt.Errorf("totp: QR size %d is too small for %d modules; need at least %d", size, n, n+2*quietZone)
	}
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
	off := (size - n*px) / 2
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if !dark(code, x, y) {
				continue
			}
			for dy := 0; dy < px; dy++ {
				row := img.Pix[(off+y*px+dy)*img.Stride:]
				for dx := 0; dx < px; dx++ {
					row[off+x*px+dx] = 1
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("totp: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// QRSVG renders an otpauth:// URL as a scalable SVG QR code (one unit per
// module, quiet zone included). Size it with CSS; it contains no script,
// text or external references, only the module path.
func QRSVG(url string) ([]byte, error) {
	code, n, err := encode(url)
	if err != nil {
		return nil, err
	}
	total := n + 2*quietZone
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR code">`, total, total)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, total, total)
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !dark(code, x, y) {
				x++
				continue
			}
			run := 1
			for x+run < n && dark(code, x+run, y) {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+quietZone, y+quietZone, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String()), nil
}

func encode(url string) (barcode.Barcode, int, error) {
	if !strings.HasPrefix(url, "otpauth://totp/") {
		return nil, 0, errors.New("totp: QR content must be an otpauth://totp/ URL")
	}
	code, err := qr.Encode(url, qr.M, qr.Auto)
	if err != nil {
		return nil, 0, fmt.Errorf("totp: encoding QR: %w", err)
	}
	return code, code.Bounds().Dx(), nil
}

func dark(code barcode.Barcode, x, y int) bool {
	r, _, _, _ := code.At(x, y).RGBA()
	return r < 0x8000
}
