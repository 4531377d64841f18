"""The wording every call starts with, per kind of e-mail and language; a call's own ``MessageTemplate`` wins.

Placeholders in braces are filled by ``submissions.services.messages.render``:
``{contributor}`` ``{reference}`` ``{call}`` ``{deadline}`` ``{contact}`` ``{link}``
``{role}`` ``{count}`` ``{list}`` ``{message}``. An unknown placeholder stays as typed.
"""
from __future__ import annotations

# kind → language → (subject, body)
DEFAULT_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "receipt": {
        "en": ("Your input {reference} was received",
               "Dear {contributor},\n\nThank you for your input to the call “{call}”. It was received under the "
               "reference {reference}.\n\nOffice of the United Nations High Commissioner for Human Rights"),
        "fr": ("Votre contribution {reference} a été reçue",
               "Madame, Monsieur,\n\nNous vous remercions de votre contribution à l’appel « {call} ». Elle a été "
               "enregistrée sous la référence {reference}.\n\nHaut-Commissariat des Nations Unies aux droits de "
               "l’homme"),
        "es": ("Se ha recibido su contribución {reference}",
               "Estimado/a {contributor}:\n\nLe agradecemos su contribución a la convocatoria “{call}”. Se ha "
               "registrado con la referencia {reference}.\n\nOficina del Alto Comisionado de las Naciones Unidas "
               "para los Derechos Humanos"),
        "ar": ("تم استلام مساهمتكم {reference}",
               "{contributor}،\n\nنشكركم على مساهمتكم في الدعوة «{call}». وقد سُجّلت تحت المرجع {reference}.\n\n"
               "مفوضية الأمم المتحدة السامية لحقوق الإنسان"),
        "ru": ("Ваш материал {reference} получен",
               "Уважаемые {contributor}!\n\nБлагодарим вас за материал, представленный в ответ на призыв «{call}». "
               "Он зарегистрирован под номером {reference}.\n\nУправление Верховного комиссара Организации "
               "Объединенных Наций по правам человека"),
        "zh": ("您的材料 {reference} 已收到",
               "{contributor}：\n\n感谢您就“{call}”征集提交材料。材料已登记，编号为 {reference}。\n\n"
               "联合国人权事务高级专员办事处"),
    },
    "included": {
        "en": ("Your input {reference} was included in the report",
               "Dear {contributor},\n\nWe are pleased to inform you that your input {reference} to the call "
               "“{call}” was taken into account in the preparation of the report.\n\nThank you for your "
               "contribution.\n\nOffice of the United Nations High Commissioner for Human Rights"),
        "fr": ("Votre contribution {reference} a été prise en compte dans le rapport",
               "Madame, Monsieur,\n\nNous avons le plaisir de vous informer que votre contribution {reference} à "
               "l’appel « {call} » a été prise en compte dans l’établissement du rapport.\n\nNous vous remercions "
               "de votre participation.\n\nHaut-Commissariat des Nations Unies aux droits de l’homme"),
        "es": ("Su contribución {reference} se ha tenido en cuenta en el informe",
               "Estimado/a {contributor}:\n\nNos complace informarle de que su contribución {reference} a la "
               "convocatoria “{call}” se ha tenido en cuenta en la preparación del informe.\n\nLe agradecemos su "
               "participación.\n\nOficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos"),
        "ar": ("أُخذت مساهمتكم {reference} في الاعتبار في التقرير",
               "{contributor}،\n\nيسرّنا إبلاغكم بأن مساهمتكم {reference} في الدعوة «{call}» قد أُخذت في الاعتبار "
               "عند إعداد التقرير.\n\nنشكركم على مشاركتكم.\n\nمفوضية الأمم المتحدة السامية لحقوق الإنسان"),
        "ru": ("Ваш материал {reference} учтен в докладе",
               "Уважаемые {contributor}!\n\nРады сообщить вам, что ваш материал {reference}, представленный в ответ "
               "на призыв «{call}», был учтен при подготовке доклада.\n\nБлагодарим вас за участие.\n\n"
               "Управление Верховного комиссара Организации Объединенных Наций по правам человека"),
        "zh": ("您的材料 {reference} 已在报告中得到采纳",
               "{contributor}：\n\n我们高兴地通知您，您就“{call}”征集提交的材料 {reference} 已在编写报告时得到考虑。"
               "\n\n感谢您的参与。\n\n联合国人权事务高级专员办事处"),
    },
    "not_used": {
        "en": ("Your input {reference} to “{call}”",
               "Dear {contributor},\n\nThank you for your input {reference} to the call “{call}”. Owing to the "
               "word limit of the report and the scope of the mandate, it could not be reflected in the report. "
               "It remains on record with the Office.\n\nOffice of the United Nations High Commissioner for "
               "Human Rights"),
        "fr": ("Votre contribution {reference} à l’appel « {call} »",
               "Madame, Monsieur,\n\nNous vous remercions de votre contribution {reference} à l’appel « {call} ». "
               "En raison de la limite de mots du rapport et de la portée du mandat, elle n’a pas pu y être "
               "reflétée. Elle reste archivée auprès du Haut-Commissariat.\n\nHaut-Commissariat des Nations Unies "
               "aux droits de l’homme"),
        "es": ("Su contribución {reference} a “{call}”",
               "Estimado/a {contributor}:\n\nLe agradecemos su contribución {reference} a la convocatoria "
               "“{call}”. Debido al límite de palabras del informe y al alcance del mandato, no ha podido "
               "reflejarse en él. Queda archivada en la Oficina.\n\nOficina del Alto Comisionado de las Naciones "
               "Unidas para los Derechos Humanos"),
        "ar": ("مساهمتكم {reference} في «{call}»",
               "{contributor}،\n\nنشكركم على مساهمتكم {reference} في الدعوة «{call}». ونظراً للحد الأقصى لعدد "
               "كلمات التقرير ونطاق الولاية، تعذّر إدراجها في التقرير. وتبقى محفوظة لدى المفوضية.\n\n"
               "مفوضية الأمم المتحدة السامية لحقوق الإنسان"),
        "ru": ("Ваш материал {reference} по призыву «{call}»",
               "Уважаемые {contributor}!\n\nБлагодарим вас за материал {reference}, представленный в ответ на "
               "призыв «{call}». С учетом ограничения объема доклада и рамок мандата он не мог быть отражен в "
               "докладе. Материал хранится в Управлении.\n\nУправление Верховного комиссара Организации "
               "Объединенных Наций по правам человека"),
        "zh": ("您就“{call}”提交的材料 {reference}",
               "{contributor}：\n\n感谢您就“{call}”征集提交材料 {reference}。由于报告字数限制和任务范围，"
               "该材料未能在报告中得到反映，但仍由本办事处存档。\n\n联合国人权事务高级专员办事处"),
    },
    "reminder": {
        "en": ("Reminder: input to “{call}” is due by {deadline}",
               "The Office of the United Nations High Commissioner for Human Rights recalls that input to the call "
               "“{call}” is due by {deadline}.\n\nThe call and the note verbale: {link}\nQuestions: {contact}"),
        "fr": ("Rappel : les contributions à l’appel « {call} » sont attendues d’ici au {deadline}",
               "Le Haut-Commissariat des Nations Unies aux droits de l’homme rappelle que les contributions à "
               "l’appel « {call} » sont attendues d’ici au {deadline}.\n\nL’appel et la note verbale : {link}\n"
               "Questions : {contact}"),
        "es": ("Recordatorio: las contribuciones a “{call}” deben enviarse a más tardar el {deadline}",
               "La Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos recuerda que las "
               "contribuciones a la convocatoria “{call}” deben enviarse a más tardar el {deadline}.\n\n"
               "La convocatoria y la nota verbal: {link}\nConsultas: {contact}"),
        "ar": ("تذكير: آخر موعد لتقديم المساهمات في «{call}» هو {deadline}",
               "تودّ مفوضية الأمم المتحدة السامية لحقوق الإنسان التذكير بأن آخر موعد لتقديم المساهمات في الدعوة "
               "«{call}» هو {deadline}.\n\nالدعوة والمذكرة الشفوية: {link}\nللاستفسار: {contact}"),
        "ru": ("Напоминание: материалы по призыву «{call}» принимаются до {deadline}",
               "Управление Верховного комиссара Организации Объединенных Наций по правам человека напоминает, что "
               "материалы по призыву «{call}» принимаются до {deadline}.\n\nПризыв и вербальная нота: {link}\n"
               "Вопросы: {contact}"),
        "zh": ("提醒：“{call}”征集材料截止日期为 {deadline}",
               "联合国人权事务高级专员办事处谨提醒，“{call}”征集材料的截止日期为 {deadline}。\n\n"
               "征集通知和普通照会：{link}\n咨询：{contact}"),
    },
    "free": {
        "en": ("About your input {reference} to “{call}”", "Dear {contributor},\n\n{message}\n\n"
               "Office of the United Nations High Commissioner for Human Rights"),
        "fr": ("Au sujet de votre contribution {reference} à l’appel « {call} »", "Madame, Monsieur,\n\n{message}"
               "\n\nHaut-Commissariat des Nations Unies aux droits de l’homme"),
        "es": ("Sobre su contribución {reference} a “{call}”", "Estimado/a {contributor}:\n\n{message}\n\n"
               "Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos"),
        "ar": ("بشأن مساهمتكم {reference} في «{call}»", "{contributor}،\n\n{message}\n\n"
               "مفوضية الأمم المتحدة السامية لحقوق الإنسان"),
        "ru": ("О вашем материале {reference} по призыву «{call}»", "Уважаемые {contributor}!\n\n{message}\n\n"
               "Управление Верховного комиссара Организации Объединенных Наций по правам человека"),
        "zh": ("关于您就“{call}”提交的材料 {reference}",
               "{contributor}：\n\n{message}\n\n联合国人权事务高级专员办事处"),
    },
    "invitation": {
        "en": ("You are invited to work on “{call}”",
               "You are invited to join the team of the call “{call}” as {role}.\n\nAccept the invitation and "
               "choose your password here (the link works for 7 days):\n{link}"),
    },
    "digest": {
        "en": ("{count} new submission(s) to “{call}”",
               "New submissions to the call “{call}” since the last digest:\n\n{list}\n\nThe inbox: {link}"),
    },
}
