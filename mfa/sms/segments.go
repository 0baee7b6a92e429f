package sms

import "unicode/utf16"

// gsmBasic is the GSM 03.38 basic character set (one septet each).
const gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

// gsmExtended are the characters that take an escape plus one septet.
const gsmExtended = "\f^{}\\[~]|€"

var gsmSeptets = func() map[rune]int {
	m := make(map[rune]int, 140)
	for _, r := range gsmBasic {
		m[r] = 1
	}
	for _, r := range gsmExtended {
		m[r] = 2
	}
	return m
}()

// Segments returns how many SMS parts body takes: GSM-7 fits 160 septets in
// one part and 153 per part when split; anything else is UCS-2 with 70 and 67
// UTF-16 units. Escape pairs and surrogate pairs are not split across parts.
// An empty body is 0 parts.
func Segments(body string) int {
	if body == "" {
		return 0
	}
	units := make([]int, 0, len(body))
	total, gsm := 0, true
	for _, r := range body {
		n, ok := gsmSeptets[r]
		if !ok {
			gsm = false
			break
		}
		units = append(units, n)
		total += n
	}
	single, multi := 160, 153
	if !gsm {
		units = units[:0]
		total = 0
		for _, r := range body {
			n := 1
			if utf16.RuneLen(r) == 2 {
				n = 2
			}
			units = append(units, n)
			total += n
		}
		single, multi = 70, 67
	}
	if total <= single {
		return 1
	}
	parts, used := 1, 0
	for _, n := range units {
		if used+n > multi {
			parts++
			used = 0
		}
		used += n
	}
	return parts
}
