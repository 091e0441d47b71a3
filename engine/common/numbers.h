// Numeric constants C++17 lacks (std::numbers is C++20).
#pragma once

namespace hint {

inline constexpr double kPi = 3.14159265358979323846;

}  // namespace hint
