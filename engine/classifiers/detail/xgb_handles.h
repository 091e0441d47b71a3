// RAII owners of XGBoost C API handles, and the translation of its error codes into hint::Error.
// Private to the engine: only .cpp files include this.
#pragma once

#include "common/result.h"

#include <xgboost/c_api.h>

#include <string>
#include <utility>

namespace hint::classifiers::detail {

// 0 = success in the C API; otherwise XGBGetLastError() says why.
inline Status xgbCheck(int code, const std::string& what)
{
    if (code == 0) return {};
    const char* message = XGBGetLastError();
    return Error::runtime("XGBoost " + what + ": " + (message ? std::string(message) : std::string("unknown error")));
}

template <class Handle, int (*Free)(Handle)>
class XgbHandle {
public:
    XgbHandle() = default;
    explicit XgbHandle(Handle handle) : m_handle(handle) {}
    ~XgbHandle() { reset(); }
    XgbHandle(const XgbHandle&) = delete;
    XgbHandle& operator=(const XgbHandle&) = delete;
    XgbHandle(XgbHandle&& other) noexcept : m_handle(std::exchange(other.m_handle, nullptr)) {}
    XgbHandle& operator=(XgbHandle&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_handle = std::exchange(other.m_handle, nullptr);
        }
        return *this;
    }

    Handle get() const { return m_handle; }
    // For C API out-parameters; releases what was held.
    Handle* out()
    {
        reset();
        return &m_handle;
    }
    void reset()
    {
        if (m_handle) Free(m_handle);
        m_handle = nullptr;
    }

private:
    Handle m_handle = nullptr;
};

using DMatrix = XgbHandle<DMatrixHandle, XGDMatrixFree>;
using Booster = XgbHandle<BoosterHandle, XGBoosterFree>;

}  // namespace hint::classifiers::detail
