//go:build ignore

// gen_common writes common.txt, the list of common passwords that Policy
// refuses. Run it with `go generate ./account/password` (or
// `go run gen_common.go -o common.txt` in this directory) after changing
// the word lists below, and commit both files.
//
// No published password dump is used: the list is built offline from what
// breached-password corpora show people choose, and which Dutch users
// choose in particular:
//
//  1. bases: well-known weak passwords and keyboard walks (password,
//     wachtwoord, welkom, qwerty, 1q2w3e4r, 12345678 …), Dutch and English
//     everyday words (seasons: zomer, winter, voorjaar, herfst; months and
//     weekdays in Dutch and English; cities, provinces, football clubs such
//     as ajax, feyenoord, psv; pets, family words, work words such as
//     verzuim, arbodienst) and common Dutch and English first names;
//  2. each base with the short suffixes: nothing, 1, 12, 123, 1234, 01,
//     007, !, !!, 1!, 123!, @, #, 69, 321, x …, and the same for football clubs
//     with their founding year ("feyenoord1908");
//  3. the classics, seasons, months, weekdays, clubs and big cities (tier A)
//     also with every year 1950–2030, with 2000!–2030! and with two-digit
//     years (00–30, 60–99): "zomer2024!", "ajax1990", "welkom01";
//     the other words and names (tier B) with birth years 1960–2012:
//     "sanne1987";
//  4. leetspeak spellings of each base (a→@, e→3, i→1, o→0, s→$; a→4,
//     s→5; o→0 alone; a→@ alone) with the commonest short suffixes;
//  5. tier A after "ik", "mijn", "my", "ilove", "ikhouvan", "welkom" with
//     the commonest short suffixes: "mijnwachtwoord1";
//  6. digit runs and repeats (11111111, 12121212, 87654321 …).
//
// Everything is lower case (Policy compares in lower case), entries shorter
// than 8 characters are dropped (Policy never allows them), and the result
// is sorted and deduplicated so that the file diffs well.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

const minLen = 8

var weak = words(`
password passwd wachtwoord wachtw00rd welkom welcome geheim secret letmein
inloggen login logmein gebruiker beheerder admin administrator changeme
default toegang access hallo hello hoi doei test testen testing guest gast
iloveyou ikhouvanjou loveyou liefde schat schatje lieverd engel prinses
princess monkey dragon master shadow sunshine superman batman trustno1
freedom whatever football baseball soccer hockey starwars pokemon minecraft
computer internet qwerty qwertyuiop qwertz azerty asdf asdfgh asdfghjkl
zxcvbn zxcvbnm qazwsx 1qaz2wsx zaq12wsx q1w2e3r4 1q2w3e4r q1w2e3r4t5
1q2w3e4r5t qweasd qweasdzxc abc abcd abcdef abcdefg abc123 123abc
mijnaccount account verzuim verzuimsignaal ziek ziekmelding arbodienst
arbo bedrijfsarts werkgever werknemer personeel kantoor bedrijf werk
salaris hrm planning receptie secretariaat directie
`)

var seasonal = words(`
zomer winter voorjaar lente herfst najaar kerst kerstmis pasen pinksteren
sinterklaas koningsdag vakantie weekend vrijdag zaterdag zondag maandag
dinsdag woensdag donderdag januari februari maart april mei juni juli
augustus september oktober november december summer spring autumn fall
monday tuesday wednesday thursday friday saturday sunday january february
march may june july august october christmas easter ajax feyenoord psv
azalkmaar twente fctwente vitesse heerenveen fcutrecht fcgroningen oranje
nederland holland amsterdam rotterdam utrecht
`)

var dutch = words(`
denhaag eindhoven groningen tilburg almere breda nijmegen arnhem haarlem
zwolle leiden maastricht delft dordrecht zoetermeer apeldoorn enschede
leeuwarden amersfoort hilversum alkmaar friesland brabant limburg zeeland
drenthe gelderland overijssel flevoland noordholland zuidholland sparta
excelsior nacbreda adodenhaag heracles peczwolle rkc fortuna willem2
goaheadeagles voetbal tennis schaatsen
fietsen fiets auto boot molen tulp tulpen klomp klompen kaas friet
stroopwafel bitterbal heineken amstel grolsch appel banaan aardbei chocola
snoepje koekje zon zonnetje maan ster sterren regen sneeuw water zee strand
bos bloem bloemen vogel poes kat katten hond honden paard paarden konijn
beer leeuw tijger olifant vlinder familie gezin kinderen mama papa opa oma
vriend vriendin gezellig lekker mooi thuis huis tuin muziek dansen
`)

var english = words(`
london paris berlin liverpool chelsea arsenal barcelona realmadrid
manchester juventus flower flowers lovely angel baby babygirl sweety
sweetheart cookie chocolate cheese banana apple orange purple yellow black
silver golden diamond killer hunter ranger buster charlie tigger jordan
michael jennifer matrix mustang harley yankees ferrari porsche
`)

var names = words(`
jan piet kees henk gerrit johan hans peter paul mark marco martijn sander
dennis kevin jeroen bas tim tom thomas daan sem lucas noah levi finn luuk
milan bram jesse thijs lars ruben stefan erik rob ron ronald richard robert
wim willem frank frans gert harm joost koen niels rick rik mike michel
marcel patrick vincent jasper wouter maarten arjan edwin ricardo
anna emma sophie julia tess zoe sara lisa eva lotte sanne fleur anouk iris
femke linda monique ingrid petra marieke esther sandra patricia wendy
nicole melissa kim laura maria marie anne annemarie els ellen karin mirjam
yvonne jolanda ilse nina noa mila saar lieke demi britt romy kelly chantal
jessica daniel david john james william george jack oliver harry charlotte
olivia amelia ashley jasmine nicky bobby
bello max snoopy tommie dribbel pluisje moos guus sam lucky rocky minoes
poekie bella luna sammie kitty puppy
`)

// clubs with their founding year, a favourite of supporters: "feyenoord1908".
var clubs = words(`
ajax1900 feyenoord1908 psv1913 az1967 azalkmaar1967 twente1965 fctwente1965
vitesse1892 heerenveen1920 fcutrecht1970 utrecht1970 fcgroningen1971
groningen1971 sparta1888 adodenhaag1905 ado1905 nac1912 nacbreda1912
willem1896 heracles1903 excelsior1902 peczwolle1910 rkc1940
`)

var shortSuffixes = []string{"", "1", "12", "123", "1234", "12345", "123456",
	"01", "007", "!", "!!", "1!", "12!", "123!", "01!", "@", "#", "?", ".", "*",
	"2", "11", "22", "69", "99", "00", "321", "@1", "!1", "x", "xx", "xxx"}

var prefixes = []string{"ik", "mijn", "my", "ilove", "ikhouvan", "welkom"}

func main() {
	out := flag.String("o", "common.txt", "output file")
	flag.Parse()

	// Tier A (weak classics, seasons, months, clubs, work words) gets every
	// year; tier B (other words, names, pets) gets likely birth years.
	tierA := append(append([]string{}, weak...), seasonal...)
	var tierB []string
	for _, list := range [][]string{dutch, english, names} {
		tierB = append(tierB, list...)
	}

	yearsA := years(1950, 2030, "")
	yearsA = append(yearsA, years(2000, 2030, "!")...)
	yearsA = append(yearsA, twoDigitYears()...)
	yearsB := years(1960, 2012, "")

	set := map[string]bool{}
	add := func(s string) {
		if utf8.RuneCountInString(s) >= minLen && strings.TrimSpace(s) == s {
			set[strings.ToLower(s)] = true
		}
	}
	combine := func(bases, suffixes []string) {
		for _, b := range bases {
			for _, s := range suffixes {
				add(b + s)
			}
		}
	}
	combine(tierA, shortSuffixes)
	combine(clubs, shortSuffixes)
	combine(tierA, yearsA)
	combine(tierB, shortSuffixes)
	combine(tierB, yearsB)
	for _, b := range append(append([]string{}, tierA...), tierB...) {
		combine(leet(b), shortSuffixes[:12])
	}
	for _, p := range prefixes {
		for _, b := range tierA {
			combine([]string{p + b}, shortSuffixes[:6])
		}
	}
	for _, s := range digitRuns() {
		add(s)
	}

	list := make([]string, 0, len(set))
	for s := range set {
		list = append(list, s)
	}
	slices.Sort(list)

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "# Common passwords refused by Policy (%d entries, lower case, sorted).\n", len(list))
	fmt.Fprintln(w, "# Generated by gen_common.go; do not edit by hand.")
	for _, s := range list {
		fmt.Fprintln(w, s)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// years returns the years from..to, each followed by suffix.
func years(from, to int, suffix string) []string {
	var out []string
	for y := from; y <= to; y++ {
		out = append(out, strconv.Itoa(y)+suffix)
	}
	return out
}

// twoDigitYears returns 00–30 and 60–99.
func twoDigitYears() []string {
	var out []string
	for y := 0; y <= 99; y++ {
		if y <= 30 || y >= 60 {
			out = append(out, fmt.Sprintf("%02d", y))
		}
	}
	return out
}

func words(s string) []string { return strings.Fields(s) }

// leet returns the leetspeak spellings of w that differ from w.
func leet(w string) []string {
	var out []string
	for _, r := range []*strings.Replacer{
		strings.NewReplacer("a", "@", "e", "3", "i", "1", "o", "0", "s", "$"),
		strings.NewReplacer("a", "4", "e", "3", "i", "1", "o", "0", "s", "5"),
		strings.NewReplacer("o", "0"),
		strings.NewReplacer("a", "@"),
	} {
		if l := r.Replace(w); l != w {
			out = append(out, l)
		}
	}
	return out
}

// digitRuns returns runs and repeats of digits of 8 to 12 characters.
func digitRuns() []string {
	var out []string
	const up, down = "12345678901234567890", "98765432109876543210"
	for n := minLen; n <= 12; n++ {
		for i := 0; i+n <= 10; i++ {
			out = append(out, up[i:i+n], down[i:i+n])
		}
		for d := '0'; d <= '9'; d++ {
			out = append(out, strings.Repeat(string(d), n))
		}
		for _, pat := range []string{"12", "123", "1234", "123456", "69", "00", "01", "10", "abc", "ab"} {
			out = append(out, strings.Repeat(pat, n)[:n])
		}
	}
	return out
}
