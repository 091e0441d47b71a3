// A suffix for temporary file and folder names that no other writer picks at the same time.
#pragma once

#include <string>

namespace hint {

// "PID-CLOCK-COUNTER": the counter makes it unique within the process, the pid between processes on one
// machine and the clock between machines sharing a folder.
std::string uniqueSuffix();

}  // namespace hint
