package billing

import (
	"context"
	"strconv"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Defaults of a Service.
const (
	// DefaultCentsPerSegment is the tariff when neither the customer nor the
	// default tariff table has one in force: € 0.08 per segment.
	DefaultCentsPerSegment = 8
	// DefaultNoticePeriodMonths is how many calendar months a new tariff must
	// lie after the day it is entered.
	DefaultNoticePeriodMonths = 2
	// MaxCentsPerSegment bounds a tariff, a guard against euros typed as
	// cents.
	MaxCentsPerSegment = 1000
)

// Accounts is what the service reads of the organisation tree;
// account.SQLStore on the same database implements it.
type Accounts interface {
	GetOrg(ctx context.Context, id string) (account.Org, error)
	// ListOrgs returns every organisation; the service takes the names of
	// customers and organisations from it.
	ListOrgs(ctx context.Context) ([]account.Org, error)
	BillingCustomerOf(ctx context.Context, orgID string) (account.Org, error)
}

// Service keeps tariffs, builds reports, closes months and guards budgets.
// DB must carry storage.Schema. It is safe for concurrent use.
type Service struct {
	DB       *storage.DB
	Accounts Accounts
	// Now gives the current time; nil is time.Now.
	Now func() time.Time
	// DefaultCents is the tariff in euro cents per segment when no entered
	// tariff is in force; 0 is DefaultCentsPerSegment.
	DefaultCents int64
	// NoticePeriodMonths is the least number of calendar months between
	// entering a tariff and its taking effect; 0 is
	// DefaultNoticePeriodMonths.
	NoticePeriodMonths int
}

// now returns the current time truncated to the microseconds stored.
func (s *Service) now() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return storage.FromMicros(storage.Micros(now()))
}

func (s *Service) defaultCents() int64 {
	if s.DefaultCents > 0 {
		return s.DefaultCents
	}
	return DefaultCentsPerSegment
}

func (s *Service) noticeMonths() int {
	if s.NoticePeriodMonths > 0 {
		return s.NoticePeriodMonths
	}
	return DefaultNoticePeriodMonths
}

// params collects the arguments of a query and hands out their $n
// placeholders.
type params []any

func (p *params) add(v any) string {
	*p = append(*p, v)
	return "$" + strconv.Itoa(len(*p))
}

// isCustomer reports whether o is billed for itself: it is marked as a
// billing customer or it is the top of its tree (account.BillingCustomerOf).
func isCustomer(o account.Org) bool { return o.BillingCustomer || o.ParentID == "" }

// orgNames returns the name of every organisation by id.
func (s *Service) orgNames(ctx context.Context) (map[string]string, error) {
	names := map[string]string{}
	if s.Accounts == nil {
		return names, nil
	}
	orgs, err := s.Accounts.ListOrgs(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return names, nil
}
