package server

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// Join codes are four made-up words of two syllables, "bako-tuli-mera-sofi":
// easy to read aloud across a room and to type, with 16 consonants and 5
// vowels giving 6,400 words, so four carry about 50 bits.
const (
	codeConsonants = "bdfghklmnprstvwz"
	codeVowels     = "aeiou"
	codeWords      = 4
)

// newCode draws a join code from the system's random source.
func newCode() (string, error) {
	words := make([]string, codeWords)
	for i := range words {
		var w [4]byte
		for k, set := range []string{codeConsonants, codeVowels, codeConsonants, codeVowels} {
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
			if err != nil {
				return "", err
			}
			w[k] = set[n.Int64()]
		}
		words[i] = string(w[:])
	}
	return strings.Join(words, "-"), nil
}

// normalCode is a code as typed, in the form codes are stored: lower
// case, words joined by "-" whether typed with spaces, dots or dashes.
func normalCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == ' ' || r == '.' || r == '_' })
	return strings.Join(fields, "-")
}

// looksLikeCode reports whether s has the shape of a join code, so the
// user name CODE@host can be told from an ordinary login name.
func looksLikeCode(s string) bool {
	words := strings.Split(normalCode(s), "-")
	if len(words) != codeWords {
		return false
	}
	for _, w := range words {
		if len(w) != 4 || !strings.ContainsRune(codeConsonants, rune(w[0])) || !strings.ContainsRune(codeVowels, rune(w[1])) ||
			!strings.ContainsRune(codeConsonants, rune(w[2])) || !strings.ContainsRune(codeVowels, rune(w[3])) {
			return false
		}
	}
	return true
}
