// Package config reads the absence application's configuration from ABSENCE_*
// environment variables, fills in the embedded defaults (SQLite under
// ./data, memory sessions, the provider on http://localhost:8080) and checks
// it with messages that name the variable.
//
// It must not open anything: package app does.
package config
