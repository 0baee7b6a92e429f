package store

import (
	"context"

	"github.com/mijnaccount/mijnaccount/storage"
)

// queryAll runs query on q and returns every row as scan reads it. The rows
// are closed before it returns, so a transaction can go on with its next
// statement.
func queryAll[T any](ctx context.Context, q storage.Querier, scan func(storage.Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
