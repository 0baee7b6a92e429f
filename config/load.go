package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// EnvPrefix starts every environment variable the configuration reads.
const EnvPrefix = "MIJNACCOUNT_"

// Load builds the configuration: defaults, then the YAML file at path (when
// path is not empty), then the environment (environ as from os.Environ). It
// returns the first problem reading the sources; call Validate for the rest.
func Load(path string, environ []string) (Config, error) {
	cfg := Defaults()
	if path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("config file: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
			return cfg, fmt.Errorf("config file %s: %w", path, err)
		}
	}
	if err := applyEnv(&cfg, environ); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// Key describes one configuration key.
type Key struct {
	Path string // dotted YAML path, e.g. database.url
	Env  string // environment variable, e.g. MIJNACCOUNT_DATABASE_URL
	Kind string // string | bool | int | duration | list
}

// Keys lists every configuration key in declaration order.
func Keys() []Key {
	var keys []Key
	walk(reflect.ValueOf(&Config{}).Elem(), "", func(path string, _ reflect.Value, kind string) {
		keys = append(keys, Key{Path: path, Env: EnvName(path), Kind: kind})
	})
	return keys
}

// EnvName returns the environment variable for a dotted key path.
func EnvName(path string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(path, ".", "_"))
}

var durationType = reflect.TypeOf(time.Duration(0))

// walk calls fn for every leaf field of v with its dotted path and kind.
func walk(v reflect.Value, prefix string, fn func(path string, field reflect.Value, kind string)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		fv := v.Field(i)
		switch {
		case f.Type == durationType:
			fn(path, fv, "duration")
		case f.Type.Kind() == reflect.Struct:
			walk(fv, path, fn)
		case f.Type.Kind() == reflect.String:
			fn(path, fv, "string")
		case f.Type.Kind() == reflect.Bool:
			fn(path, fv, "bool")
		case f.Type.Kind() == reflect.Int, f.Type.Kind() == reflect.Int64:
			fn(path, fv, "int")
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			fn(path, fv, "list")
		default:
			panic("config: unsupported field type at " + path)
		}
	}
}

func applyEnv(cfg *Config, environ []string) error {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, EnvPrefix) {
			env[k] = v
		}
	}
	known := map[string]bool{}
	var errs []error
	walk(reflect.ValueOf(cfg).Elem(), "", func(path string, fv reflect.Value, kind string) {
		name := EnvName(path)
		known[name] = true
		raw, ok := env[name]
		if !ok {
			return
		}
		if err := setValue(fv, kind, raw); err != nil {
			errs = append(errs, fmt.Errorf("%s (%s): %w", path, name, err))
		}
	})
	for name := range env {
		if !known[name] && !strings.HasPrefix(name, EnvPrefix+"TEST_") {
			errs = append(errs, fmt.Errorf("%s: unknown configuration variable", name))
		}
	}
	return errors.Join(errs...)
}

func setValue(fv reflect.Value, kind, raw string) error {
	switch kind {
	case "string":
		fv.SetString(raw)
	case "bool":
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("not a boolean: %q", raw)
		}
		fv.SetBool(b)
	case "int":
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fmt.Errorf("not a whole number: %q", raw)
		}
		fv.SetInt(n)
	case "duration":
		d, err := time.ParseDuration(raw)
		if err != nil {
			return fmt.Errorf("not a duration (e.g. 30s, 10m): %q", raw)
		}
		fv.SetInt(int64(d))
	case "list":
		var items []string
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, s)
			}
		}
		fv.Set(reflect.ValueOf(items))
	}
	return nil
}
