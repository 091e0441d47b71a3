#include "progress_reporter.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstring>

#include <unistd.h>

namespace hint::cli {
namespace {

// Signal handlers may only touch lock-free atomics: one process-wide flag for every reporter.
std::atomic<bool> g_cancelRequested{false};
std::atomic<int> g_handlerUsers{0};
struct sigaction g_previousInt {};
struct sigaction g_previousTerm {};

extern "C" void onInterrupt(int signal)
{
    if (g_cancelRequested.exchange(true)) {
        // Second Ctrl-C: give up on a clean exit.
        std::signal(signal, SIG_DFL);
        std::raise(signal);
        return;
    }
    static const char kMessage[] = "\nhint: cancelling (press Ctrl-C again to kill)\n";
    ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
    (void)ignored;
}

void installHandler()
{
    if (g_handlerUsers.fetch_add(1) != 0) return;
    g_cancelRequested.store(false);
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &g_previousInt);
    sigaction(SIGTERM, &action, &g_previousTerm);
}

void uninstallHandler()
{
    if (g_handlerUsers.fetch_sub(1) != 1) return;
    sigaction(SIGINT, &g_previousInt, nullptr);
    sigaction(SIGTERM, &g_previousTerm, nullptr);
}

constexpr int kBarWidth = 30;
constexpr auto kBarInterval = std::chrono::milliseconds(100);
constexpr auto kLineInterval = std::chrono::seconds(1);

}  // namespace

ProgressReporter::ProgressReporter(bool quiet, Style style, std::FILE* out)
    : m_quiet(quiet), m_bar(style == Style::Bar || (style == Style::Auto && ::isatty(::fileno(out)))), m_out(out)
{
    installHandler();
    m_installedHandler = true;
}

ProgressReporter::~ProgressReporter()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_barVisible) std::fputc('\n', m_out);
        std::fflush(m_out);
    }
    if (m_installedHandler) uninstallHandler();
}

bool ProgressReporter::isCancelled() const { return g_cancelRequested.load(); }

void ProgressReporter::cancel() { g_cancelRequested.store(true); }

std::string ProgressReporter::formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    auto total = static_cast<int64_t>(std::llround(seconds));
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                      static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(total / 60), static_cast<long long>(total % 60));
    return text;
}

void ProgressReporter::clearBar()
{
    if (!m_barVisible) return;
    std::fputs("\r\x1b[K", m_out);
    m_barVisible = false;
}

void ProgressReporter::drawBar(double fraction, const std::string& stage, const std::string& counts, double eta)
{
    const int filled = static_cast<int>(fraction * kBarWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kBarWidth - filled), '.');
    std::fprintf(m_out, "\r%s [%s] %3d%% %s ETA %s\x1b[K", stage.c_str(), bar.c_str(), static_cast<int>(fraction * 100),
                 counts.c_str(), formatDuration(eta).c_str());
    m_barVisible = true;
}

void ProgressReporter::progress(int64_t done, int64_t total, const std::string& stage) { report(done, total, 0, stage); }

void ProgressReporter::stepProgress(int64_t done, int64_t total, int64_t unitsPerStep, const std::string& stage)
{
    report(done, total, std::max<int64_t>(1, unitsPerStep), stage);
}

void ProgressReporter::report(int64_t done, int64_t total, int64_t unitsPerStep, const std::string& stage)
{
    if (m_quiet) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    const bool newStage = stage != m_stage || !m_printedAny;
    if (newStage) {
        if (m_barVisible) std::fputc('\n', m_out);
        m_barVisible = false;
        m_stage = stage;
        m_stageStart = now;
        m_lastPercentBucket = -1;
    }
    if (unitsPerStep > 0 && !m_runStarted) {
        m_runStart = now;
        m_runStarted = true;
    }
    const bool finished = total > 0 && done >= total;
    const int64_t bucket = total > 0 ? done * 10 / total : 0;
    const auto sinceLast = now - m_lastPrint;
    const bool due = newStage || finished ||
                     (m_bar ? sinceLast >= kBarInterval : (sinceLast >= kLineInterval || bucket != m_lastPercentBucket));
    if (!due) return;
    const double fraction = total > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 0.0;
    char counts[96];
    double eta = -1.0;
    if (unitsPerStep > 0) {
        // Steps differ in cost and a step's stage changes as it goes: the whole run's pace is the estimate.
        const double elapsed = std::chrono::duration<double>(now - m_runStart).count();
        eta = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : -1.0;
        std::snprintf(counts, sizeof counts, "%lld/%lld steps", static_cast<long long>(done / unitsPerStep),
                      static_cast<long long>(total / unitsPerStep));
    } else {
        const double elapsed = std::chrono::duration<double>(now - m_stageStart).count();
        const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
        eta = rate > 0 ? static_cast<double>(total - done) / rate : -1.0;
        std::snprintf(counts, sizeof counts, "%lld/%lld %.1f/s", static_cast<long long>(done),
                      static_cast<long long>(total), rate);
    }
    if (m_bar) {
        drawBar(fraction, stage, counts, eta);
        if (finished) {
            std::fputc('\n', m_out);
            m_barVisible = false;
        }
    } else {
        std::fprintf(m_out, "hint: %s %s (%d%%) ETA %s\n", stage.c_str(), counts, static_cast<int>(fraction * 100),
                     formatDuration(eta).c_str());
    }
    std::fflush(m_out);
    m_lastPrint = now;
    m_lastPercentBucket = bucket;
    m_printedAny = true;
}

void ProgressReporter::warning(const std::string& message)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    ++m_warnings;
    clearBar();
    std::fprintf(m_out, "hint: warning: %s\n", message.c_str());
    std::fflush(m_out);
}

}  // namespace hint::cli
