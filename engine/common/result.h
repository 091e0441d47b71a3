// Result<T>: the engine's way to return a value or an error a user can act on.
// Torch/OpenCV/XGBoost exceptions are caught inside the engine and become an Error.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace hint {

enum class ErrorKind {
    BadInput,   // a file, key or option the user gave is wrong (CLI exit 2)
    Runtime,    // something failed while computing (CLI exit 1)
    Cancelled,  // the job was cancelled (CLI exit 130)
};

struct Error {
    ErrorKind kind = ErrorKind::Runtime;
    std::string message;

    static Error badInput(std::string message) { return {ErrorKind::BadInput, std::move(message)}; }
    static Error runtime(std::string message) { return {ErrorKind::Runtime, std::move(message)}; }
    static Error cancelled() { return {ErrorKind::Cancelled, "cancelled"}; }
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

}  // namespace hint
