// ProgressSlice: one phase of a longer engine call as a slice of the caller's progress bar.
#pragma once

#include "jobs/job_context.h"

#include <cstdint>
#include <string>

namespace hint::jobs {

// One phase of a longer call as a slice [from, to] of the caller's 0..kScale progress, so a call made of
// phases (training: matrix, SGD, XGBoost) moves one bar forward through all of them instead of
// restarting it at each phase. Cancel and warnings pass through.
class ProgressSlice : public JobContext {
public:
    static constexpr int64_t kScale = 1000;
    ProgressSlice(JobContext& outer, int64_t from, int64_t to) : m_outer(outer), m_from(from), m_to(to) {}
    bool isCancelled() const override { return m_outer.isCancelled(); }
    void progress(int64_t done, int64_t total, const std::string& stage) override
    {
        const int64_t inside = total > 0 ? (m_to - m_from) * (done < total ? done : total) / total : 0;
        m_outer.progress(m_from + inside, kScale, stage);
    }
    void warning(const std::string& message) override { m_outer.warning(message); }

private:
    JobContext& m_outer;
    int64_t m_from, m_to;
};

}  // namespace hint::jobs
