// CSV quoting and atomic writes for the views' data export.
#include "data_export.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace hint::widgets {

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))) return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

Status writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error::runtime("cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
    return {};
}

Status writeJson(const QString& path, const QJsonObject& root)
{
    return writeFile(path, QJsonDocument(root).toJson(QJsonDocument::Indented));
}

}  // namespace hint::widgets
