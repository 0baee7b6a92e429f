// Package phoneswap lets SMS codes go to another mobile number for a while
// (leave, illness, a broken phone) and puts the original number back by
// itself at the end date.
//
// It owns the phone_swaps table (the original number sealed with secretbox),
// starting a swap (the SMS factor gets the temporary number), reverting it
// (early by hand, or when due by the background job Run), and making the
// revert happen exactly once when several server processes run the job.
//
// It must not verify the new number (the caller does that by SMS first),
// log a phone number, or keep a pending revert only in memory: a restart
// never loses one.
package phoneswap
