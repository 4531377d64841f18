"""What a UN report says in each of the six languages, and how it says it.

Boilerplate of the masthead and the drafted sentences, dates and session
ordinals in UN style, lists joined as each language joins them, and contributor
names sorted as the UN sorts them in that language (decision 0012).
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

# --- Boilerplate -----------------------------------------------------------------

TEXT: dict[str, dict[str, str]] = {
    "united_nations": {"ar": "الأمم المتحدة", "en": "United Nations", "es": "Naciones Unidas",
                       "fr": "Nations Unies", "ru": "Организация Объединенных Наций", "zh": "联合国"},
    "general-assembly": {"ar": "الجمعية العامة", "en": "General Assembly", "es": "Asamblea General",
                         "fr": "Assemblée générale", "ru": "Генеральная Ассамблея", "zh": "大会"},
    "human-rights-council": {"ar": "مجلس حقوق الإنسان", "en": "Human Rights Council",
                             "es": "Consejo de Derechos Humanos", "fr": "Conseil des droits de l’homme",
                             "ru": "Совет по правам человека", "zh": "人权理事会"},
    "economic-and-social-council": {"ar": "المجلس الاقتصادي والاجتماعي", "en": "Economic and Social Council",
                                    "es": "Consejo Económico y Social", "fr": "Conseil économique et social",
                                    "ru": "Экономический и Социальный Совет", "zh": "经济及社会理事会"},
    "distr": {"ar": "Distr.: General", "en": "Distr.: General", "es": "Distr. general",
              "fr": "Distr. générale", "ru": "Distr.: General", "zh": "Distr.: General"},
    "original": {"ar": "Original: {name}", "en": "Original: {name}", "es": "Original: {name}",
                 "fr": "Original : {name}", "ru": "Original: {name}", "zh": "Original: {name}"},
    "agenda_item": {"ar": "البند {item} من جدول الأعمال المؤقت*", "en": "Item {item} of the provisional agenda*",
                    "es": "Tema {item} del programa provisional*", "fr": "Point {item} de l’ordre du jour provisoire*",
                    "ru": "Пункт {item} предварительной повестки дня*", "zh": "临时议程*项目{item}"},
    "secretary-general": {"ar": "تقرير الأمين العام", "en": "Report of the Secretary-General",
                          "es": "Informe del Secretario General", "fr": "Rapport du Secrétaire général",
                          "ru": "Доклад Генерального секретаря", "zh": "秘书长的报告"},
    "high-commissioner": {
        "ar": "تقرير مفوض الأمم المتحدة السامي لحقوق الإنسان",
        "en": "Report of the United Nations High Commissioner for Human Rights",
        "es": "Informe del Alto Comisionado de las Naciones Unidas para los Derechos Humanos",
        "fr": "Rapport du Haut-Commissaire des Nations Unies aux droits de l’homme",
        "ru": "Доклад Верховного комиссара Организации Объединенных Наций по правам человека",
        "zh": "联合国人权事务高级专员的报告"},
    "model_unreviewed": {
        "ar": "[نص كتبه نموذج حاسوبي ولم يراجعه محرر بعد]", "en": "[Written by a model; not yet checked by an editor]",
        "es": "[Texto redactado por un modelo; aún no revisado por un editor]",
        "fr": "[Texte rédigé par un modèle ; pas encore vérifié par un éditeur]",
        "ru": "[Текст написан моделью и еще не проверен редактором]", "zh": "[由模型撰写，尚未经编辑核对]"},
    # A version's paragraph nobody translated yet: printed marked, with the original's text (issue 11).
    "translation_pending": {
        "ar": "[لم تُترجم بعد؛ النص الأصلي]", "en": "[Not yet translated; original text]",
        "es": "[Traducción pendiente; texto original]", "fr": "[Traduction en attente ; texte original]",
        "ru": "[Перевод еще не выполнен; текст оригинала]", "zh": "[尚未翻译；原文]"},
    "translation_outdated": {
        "ar": "[الترجمة لا تطابق آخر صيغة للنص الأصلي]", "en": "[Translation out of date: the original has changed]",
        "es": "[Traducción desactualizada: el original ha cambiado]",
        "fr": "[Traduction périmée : l’original a changé]",
        "ru": "[Перевод устарел: оригинал изменен]", "zh": "[译文已过时：原文已修改]"},
    "summary": {"ar": "موجز", "en": "Summary", "es": "Resumen", "fr": "Résumé", "ru": "Резюме", "zh": "摘要"},
    "introduction": {"ar": "مقدمة", "en": "Introduction", "es": "Introducción", "fr": "Introduction",
                     "ru": "Введение", "zh": "导言"},
    "overview": {"ar": "لمحة عامة عن المساهمات الواردة", "en": "Overview of the contributions received",
                 "es": "Panorama de las contribuciones recibidas", "fr": "Aperçu des contributions reçues",
                 "ru": "Обзор полученных материалов", "zh": "所收到投入概述"},
    "member-states": {"ar": "الدول الأعضاء", "en": "Member States", "es": "Estados Miembros",
                      "fr": "États Membres", "ru": "Государства-члены", "zh": "会员国"},
    "igos": {"ar": "المنظمات الحكومية الدولية", "en": "Intergovernmental organizations",
             "es": "Organizaciones intergubernamentales", "fr": "Organisations intergouvernementales",
             "ru": "Межправительственные организации", "zh": "政府间组织"},
    "igos-un": {"ar": "المنظمات الحكومية الدولية وكيانات الأمم المتحدة",
                "en": "Intergovernmental organizations and United Nations entities",
                "es": "Organizaciones intergubernamentales y entidades de las Naciones Unidas",
                "fr": "Organisations intergouvernementales et entités des Nations Unies",
                "ru": "Межправительственные организации и структуры Организации Объединенных Наций",
                "zh": "政府间组织和联合国实体"},
    "un-entities": {"ar": "كيانات الأمم المتحدة", "en": "United Nations entities",
                    "es": "Entidades de las Naciones Unidas", "fr": "Entités des Nations Unies",
                    "ru": "Структуры Организации Объединенных Наций", "zh": "联合国实体"},
    "nhris": {"ar": "المؤسسات الوطنية لحقوق الإنسان", "en": "National human rights institutions",
              "es": "Instituciones nacionales de derechos humanos",
              "fr": "Institutions nationales des droits de l’homme",
              "ru": "Национальные правозащитные учреждения", "zh": "国家人权机构"},
    "ngos": {"ar": "المنظمات غير الحكومية", "en": "Non-governmental organizations",
             "es": "Organizaciones no gubernamentales", "fr": "Organisations non gouvernementales",
             "ru": "Неправительственные организации", "zh": "非政府组织"},
    "conclusions": {"ar": "الاستنتاجات والتوصيات", "en": "Conclusions and recommendations",
                    "es": "Conclusiones y recomendaciones", "fr": "Conclusions et recommandations",
                    "ru": "Выводы и рекомендации", "zh": "结论和建议"},
    # Drafted sentences ---------------------------------------------------------
    "intro_paragraph": {
        "en": "The present report is submitted pursuant to {mandate}. It draws on the contributions received "
              "from {categories} in response to a note verbale and letters inviting input sent by the Office of "
              "the United Nations High Commissioner for Human Rights (OHCHR) on {date}.",
        "fr": "Le présent rapport est soumis en application de {mandate}. Il s’appuie sur les contributions reçues "
              "des {categories} en réponse à une note verbale et à des lettres adressées par le Haut-Commissariat "
              "des Nations Unies aux droits de l’homme (HCDH) le {date}.",
        "es": "El presente informe se presenta en cumplimiento de {mandate}. Se basa en las contribuciones "
              "recibidas de {categories} en respuesta a una nota verbal y cartas enviadas por la Oficina del Alto "
              "Comisionado de las Naciones Unidas para los Derechos Humanos (ACNUDH) el {date}.",
        "ru": "Настоящий доклад представляется во исполнение {mandate}. В нем использованы материалы, полученные "
              "от {categories} в ответ на вербальную ноту и письма Управления Верховного комиссара Организации "
              "Объединенных Наций по правам человека (УВКПЧ) от {date}.",
        "zh": "本报告是根据{mandate}提交的。报告借鉴了{categories}应联合国人权事务高级专员办事处(人权高专办)"
              "于{date}发出的邀请提供意见的普通照会和信函而提供的投入。",
        "ar": "يُقدَّم هذا التقرير عملاً بـ{mandate}. ويستند إلى المساهمات الواردة من {categories} رداً على مذكرة "
              "شفوية ورسائل وجهتها مفوضية الأمم المتحدة السامية لحقوق الإنسان في {date}.",
    },
    "received_paragraph": {
        "en": "In total, {total} contributions were received{late_clause}. {groups}",
        "fr": "Au total, {total} contributions ont été reçues{late_clause}. {groups}",
        "es": "En total, se recibieron {total} contribuciones{late_clause}. {groups}",
        "ru": "Всего было получено материалов: {total}{late_clause}. {groups}",
        "zh": "共收到{total}份投入{late_clause}。{groups}",
        "ar": "ووردت في المجموع {total} مساهمة{late_clause}. {groups}",
    },
    "late_clause": {
        "en": ", of which {late} after the deadline of {deadline}; all were taken into account",
        "fr": ", dont {late} après la date limite du {deadline} ; toutes ont été prises en compte",
        "es": ", de las cuales {late} después del plazo del {deadline}; todas se tuvieron en cuenta",
        "ru": ", из них {late} после истечения срока {deadline}; все они были учтены",
        "zh": "，其中{late}份在{deadline}截止日期之后收到；所有投入均已考虑",
        "ar": "، منها {late} بعد الموعد النهائي في {deadline}؛ وقد أُخذت جميعها في الاعتبار",
    },
    "themes_paragraph": {
        "en": "The themes most frequently addressed were {themes}.",
        "fr": "Les thèmes les plus fréquemment abordés ont été les suivants : {themes}.",
        "es": "Los temas abordados con mayor frecuencia fueron {themes}.",
        "ru": "Чаще всего затрагивались следующие темы: {themes}.",
        "zh": "最常涉及的主题是{themes}。",
        "ar": "وكانت المواضيع الأكثر تناولاً هي {themes}.",
    },
    "theme_count": {"en": "{theme} ({count})", "fr": "{theme} ({count})", "es": "{theme} ({count})",
                    "ru": "{theme} ({count})", "zh": "{theme}({count}份)", "ar": "{theme} ({count})"},
    "group_opening": {
        "en": "Contributions were received from the following {group}: {names}.",
        "fr": "Des contributions ont été reçues des {group} : {names}.",
        "es": "Se recibieron contribuciones de {group}: {names}.",
        "ru": "Материалы были получены от следующих {group}: {names}.",
        "zh": "收到了下列{group}提供的投入：{names}。",
        "ar": "وردت مساهمات من {group}: {names}.",
    },
    "individuals_opening": {
        "en": "Contributions were also received from the following individuals: {names}.",
        "fr": "Des contributions ont également été reçues des personnes suivantes : {names}.",
        "es": "También se recibieron contribuciones de las siguientes personas: {names}.",
        "ru": "Материалы были также получены от следующих лиц: {names}.",
        "zh": "还收到了下列个人提交的意见：{names}。",
        "ar": "ووردت أيضاً مساهمات من الأفراد التالية أسماؤهم: {names}.",
    },
    "theme_lead": {
        "en": "With regard to {theme}, submissions noted the following: {quotes}",
        "fr": "S’agissant de la question suivante : {theme}, les contributions ont fait valoir ce qui suit : {quotes}",
        "es": "En relación con {theme}, en las contribuciones se señaló lo siguiente: {quotes}",
        "ru": "Что касается темы «{theme}», в представленных материалах отмечалось следующее: {quotes}",
        "zh": "关于{theme}，提交文件中指出：{quotes}",
        "ar": "وفيما يتعلق بموضوع {theme}، أشارت المساهمات إلى ما يلي: {quotes}",
    },
    "recommendation_lead": {
        "en": "With regard to {theme}, contributors recommended the following: {quotes}",
        "fr": "S’agissant de la question suivante : {theme}, les contributeurs ont recommandé ce qui suit : {quotes}",
        "es": "En relación con {theme}, los contribuyentes recomendaron lo siguiente: {quotes}",
        "ru": "Что касается темы «{theme}», были вынесены следующие рекомендации: {quotes}",
        "zh": "关于{theme}，提交方建议：{quotes}",
        "ar": "وفيما يتعلق بموضوع {theme}، أوصى المساهمون بما يلي: {quotes}",
    },
    "summary_paragraph": {
        "en": "The present report is submitted pursuant to {mandate}. It summarizes {total} contributions "
              "received in response to the call for input on {title}, from {groups}. The contributions "
              "addressed in particular {themes}.",
        "fr": "Le présent rapport est soumis en application de {mandate}. Il résume {total} contributions reçues "
              "en réponse à l’appel à contributions sur le thème « {title} », émanant {groups}. Les contributions "
              "ont porté en particulier sur les thèmes suivants : {themes}.",
        "es": "El presente informe se presenta en cumplimiento de {mandate}. Resume {total} contribuciones "
              "recibidas en respuesta a la convocatoria sobre el tema «{title}», procedentes de {groups}. Las "
              "contribuciones abordaron en particular {themes}.",
        "ru": "Настоящий доклад представляется во исполнение {mandate}. В нем кратко изложены материалы "
              "(всего {total}), полученные в ответ на призыв представить информацию по теме «{title}» от {groups}. "
              "В материалах рассматривались, в частности, следующие темы: {themes}.",
        "zh": "本报告是根据{mandate}提交的。报告概述了应就“{title}”征集意见的邀请而收到的{total}份投入，"
              "提交方包括{groups}。投入特别涉及{themes}。",
        "ar": "يُقدَّم هذا التقرير عملاً بـ{mandate}. ويوجز {total} مساهمة وردت رداً على الدعوة إلى تقديم "
              "مساهمات بشأن \"{title}\" من {groups}. وتناولت المساهمات بوجه خاص {themes}.",
    },
    "group_count": {
        "en": "{count} {group}", "fr": "de {count} {group}", "es": "{count} {group}",
        "ru": "{group} ({count})", "zh": "{count}个{group}", "ar": "{count} من {group}",
    },
    "footnote_source": {
        "en": "Submission of {name} ({reference}){page}.",
        "fr": "Contribution de {name} ({reference}){page}.",
        "es": "Contribución de {name} ({reference}){page}.",
        "ru": "Материал, представленный {name} ({reference}){page}.",
        "zh": "{name}提交的材料({reference}){page}。",
        "ar": "مساهمة {name} ({reference}){page}.",
    },
    "footnote_page": {"en": ", p. {page}", "fr": ", p. {page}", "es": ", pág. {page}", "ru": ", стр. {page}",
                      "zh": "，第{page}页", "ar": "، الصفحة {page}"},
    "footnote_original": {"en": " Original: {name}.", "fr": " Original : {name}.",
                          "es": " Original: {name}.", "ru": " Язык оригинала: {name}.",
                          "zh": " 原文：{name}。", "ar": " الأصل: {name}."},
    "agenda_footnote": {"ar": "* {symbol}.", "en": "* {symbol}.", "es": "* {symbol}.", "fr": "* {symbol}.",
                        "ru": "* {symbol}.", "zh": "* {symbol}。"},
    # The seed's conventions, chapter by chapter (issue 10) ---------------------------
    "context": {"ar": "السياق", "en": "Context", "es": "Contexto", "fr": "Contexte", "ru": "Контекст",
                "zh": "背景"},
    "context_placeholder": {
        "en": "[To be drafted by the Secretariat: the context of the report requested in {mandate} on "
              "{title}, in particular: {points}.]",
        "fr": "[À rédiger par le Secrétariat : le contexte du rapport demandé dans {mandate} sur le thème "
              "« {title} », en particulier : {points}.]",
        "es": "[Texto que redactará la Secretaría: el contexto del informe solicitado en {mandate} sobre "
              "“{title}”, en particular: {points}.]",
        "ru": "[Подготавливается Секретариатом: контекст доклада, запрошенного в {mandate}, по теме «{title}», "
              "в частности: {points}.]",
        "zh": "[由秘书处起草：{mandate}所要求的关于“{title}”的报告的背景，特别是：{points}。]",
        "ar": "[تصوغه الأمانة العامة: سياق التقرير المطلوب في {mandate} بشأن \"{title}\"، ولا سيما: {points}.]",
    },
    "addressed_one": {
        "en": "One submission addressed {theme}.", "fr": "Une contribution portait sur la question suivante : {theme}.",
        "es": "En una contribución se abordó la cuestión siguiente: {theme}.",
        "ru": "В одном из материалов затрагивалась тема «{theme}».", "zh": "一份提交文件涉及{theme}。",
        "ar": "وتناولت إحدى المساهمات موضوع {theme}.",
    },
    "addressed_several": {
        "en": "Several submissions addressed {theme}.",
        "fr": "Plusieurs contributions portaient sur la question suivante : {theme}.",
        "es": "En varias contribuciones se abordó la cuestión siguiente: {theme}.",
        "ru": "В ряде материалов затрагивалась тема «{theme}».", "zh": "若干提交文件涉及{theme}。",
        "ar": "وتناولت عدة مساهمات موضوع {theme}.",
    },
    "unattributed_quote_first": {
        "en": "One submission emphasized: {quote}", "fr": "Dans l’une d’elles, il a été souligné : {quote}",
        "es": "En una de ellas se subrayó: {quote}", "ru": "В одном из них подчеркивалось: {quote}",
        "zh": "一份提交文件强调：{quote}", "ar": "وأكدت إحداها ما يلي: {quote}",
    },
    "unattributed_quote_next": {
        "en": "Another submission noted: {quote}", "fr": "Dans une autre, il a été noté : {quote}",
        "es": "En otra se señaló: {quote}", "ru": "В другом отмечалось: {quote}",
        "zh": "另一份提交文件指出：{quote}", "ar": "وأشارت مساهمة أخرى إلى ما يلي: {quote}",
    },
    "unattributed_quote_more": {
        "en": "It was also stated: {quote}", "fr": "Il a également été indiqué : {quote}",
        "es": "También se afirmó: {quote}", "ru": "Было также указано: {quote}",
        "zh": "还有提交文件指出：{quote}", "ar": "وذُكر أيضاً ما يلي: {quote}",
    },
    "unattributed_quote_single": {
        "en": "It stated: {quote}", "fr": "Il y est indiqué : {quote}", "es": "En ella se afirmó: {quote}",
        "ru": "В нем указывалось: {quote}", "zh": "该提交文件指出：{quote}", "ar": "وذكرت ما يلي: {quote}",
    },
    "entity_quote_it": {
        "en": "It stated: {quote}", "fr": "Selon l’organisation, {quote}", "es": "Según la organización, {quote}",
        "ru": "По ее словам, {quote}", "zh": "该组织指出：{quote}", "ar": "وذكرت ما يلي: {quote}",
    },
    "entity_quote_it_next": {
        "en": "It also noted: {quote}", "fr": "L’organisation a également noté : {quote}",
        "es": "La organización señaló también: {quote}", "ru": "Она также отметила: {quote}",
        "zh": "该组织还指出：{quote}", "ar": "وأشارت أيضاً إلى ما يلي: {quote}",
    },
    "named_quote_first": {
        "en": "{name} stated: {quote}", "fr": "{name} a déclaré : {quote}", "es": "{name} afirmó: {quote}",
        "ru": "{name} заявила: {quote}", "zh": "{name}指出：{quote}", "ar": "وذكرت {name} ما يلي: {quote}",
    },
    "named_quote_next": {
        "en": "{name} noted: {quote}", "fr": "{name} a noté : {quote}", "es": "{name} señaló: {quote}",
        "ru": "{name} отметила: {quote}", "zh": "{name}指出：{quote}", "ar": "وأشارت {name} إلى ما يلي: {quote}",
    },
    "entity_addressed": {
        "en": "{name} addressed {themes}.", "fr": "{name} a traité des questions suivantes : {themes}.",
        "es": "{name} abordó las cuestiones siguientes: {themes}.",
        "ru": "{name} затронула следующие темы: {themes}.", "zh": "{name}论及{themes}。",
        "ar": "وتناولت {name} المواضيع التالية: {themes}.",
    },
    "entity_contributed": {
        "en": "{name} contributed to the present report.", "fr": "{name} a contribué au présent rapport.",
        "es": "{name} contribuyó al presente informe.", "ru": "{name} представила материалы для настоящего доклада.",
        "zh": "{name}为本报告提供了投入。", "ar": "وساهمت {name} في هذا التقرير.",
    },
    "entity_quote_first": {
        "en": "{short} stated: {quote}", "fr": "Selon l’organisation, {quote}", "es": "Según la organización, {quote}",
        "ru": "По ее словам, {quote}", "zh": "{short}指出：{quote}", "ar": "وذكرت {short} ما يلي: {quote}",
    },
    "entity_quote_next": {
        "en": "{short} also noted: {quote}", "fr": "{short} a également noté : {quote}",
        "es": "{short} señaló también: {quote}", "ru": "{short} также отметила: {quote}",
        "zh": "{short}还指出：{quote}", "ar": "وأشارت {short} أيضاً إلى ما يلي: {quote}",
    },
    "footnote_reference": {
        "en": "Submission {reference}{page}.", "fr": "Contribution {reference}{page}.",
        "es": "Contribución {reference}{page}.", "ru": "Материал {reference}{page}.",
        "zh": "提交材料{reference}{page}。", "ar": "المساهمة {reference}{page}.",
    },
    "conclusion_scaffold": {
        "en": "The Secretary-General notes that {theme} was among the issues most frequently raised in the "
              "contributions received. [Conclusion and recommendation to be drafted by the Secretariat.]",
        "fr": "Le Secrétaire général note que la question suivante figurait parmi celles le plus souvent soulevées "
              "dans les contributions reçues : {theme}. [Conclusion et recommandation à rédiger par le Secrétariat.]",
        "es": "El Secretario General observa que la cuestión siguiente figuraba entre las planteadas con mayor "
              "frecuencia en las contribuciones recibidas: {theme}. [Conclusión y recomendación que redactará "
              "la Secretaría.]",
        "ru": "Генеральный секретарь отмечает, что тема «{theme}» была в числе наиболее часто затрагиваемых в "
              "полученных материалах. [Вывод и рекомендация подготавливаются Секретариатом.]",
        "zh": "秘书长注意到，{theme}是所收到投入中最常提及的问题之一。[结论和建议由秘书处起草。]",
        "ar": "ويلاحظ الأمين العام أن موضوع {theme} كان من أكثر المسائل التي أثيرت في المساهمات الواردة. "
              "[تصوغ الأمانة العامة الاستنتاج والتوصية.]",
    },
    "overview_paragraph": {
        "en": "In total, {total} contributions were received{late_clause}.",
        "fr": "Au total, {total} contributions ont été reçues{late_clause}.",
        "es": "En total, se recibieron {total} contribuciones{late_clause}.",
        "ru": "Всего было получено материалов: {total}{late_clause}.",
        "zh": "共收到{total}份投入{late_clause}。",
        "ar": "ووردت في المجموع {total} مساهمة{late_clause}.",
    },
    "campaign_sentence": {
        "en": "{count} submissions of identical content were received from individuals.",
        "fr": "{count} contributions de contenu identique ont été reçues de particuliers.",
        "es": "Se recibieron de particulares {count} contribuciones de contenido idéntico.",
        "ru": "От частных лиц было получено материалов идентичного содержания: {count}.",
        "zh": "收到了个人提交的{count}份内容相同的材料。",
        "ar": "ووردت من أفراد {count} مساهمة متطابقة المضمون.",
    },
    "individuals_unnamed": {
        "en": "Contributions were also received from individuals who did not consent to publication ({count}).",
        "fr": "Des contributions ont également été reçues de particuliers n’ayant pas consenti à leur "
              "publication ({count}).",
        "es": "También se recibieron contribuciones de particulares que no consintieron su publicación ({count}).",
        "ru": "Были также получены материалы от частных лиц, не давших согласия на их публикацию ({count}).",
        "zh": "还收到了未同意公开的个人提交的意见({count}份)。",
        "ar": "ووردت أيضاً مساهمات من أفراد لم يوافقوا على نشرها ({count}).",
    },
    "name_missing": {
        "en": "[name in English to be supplied: {reference}]",
        "fr": "[nom en français à fournir : {reference}]",
        "es": "[nombre en español pendiente: {reference}]",
        "ru": "[наименование на русском языке не указано: {reference}]",
        "zh": "[待提供中文名称：{reference}]",
        "ar": "[يلزم تقديم الاسم بالعربية: {reference}]",
    },
    "provisional_notice": {
        "en": "Provisional — based on unreviewed suggestions",
        "fr": "Version provisoire — fondée sur des suggestions non vérifiées",
        "es": "Versión provisional — basada en sugerencias no examinadas",
        "ru": "Предварительный вариант — на основе непроверенных предложений",
        "zh": "暂定稿——依据未经审核的建议",
        "ar": "صيغة مؤقتة — تستند إلى اقتراحات لم تُستعرض",
    },
}

# Categories of contributors as the introduction names them ("Member States, United Nations entities and …").
CATEGORY_PLURAL: dict[str, dict[str, str]] = {
    "member-state": {"en": "Member States", "fr": "États Membres", "es": "Estados Miembros",
                     "ru": "государств-членов", "zh": "会员国", "ar": "الدول الأعضاء"},
    "observer-state": {"en": "observer States", "fr": "États observateurs", "es": "Estados observadores",
                       "ru": "государств-наблюдателей", "zh": "观察员国", "ar": "الدول المراقبة"},
    "igo": {"en": "intergovernmental organizations", "fr": "organisations intergouvernementales",
            "es": "organizaciones intergubernamentales", "ru": "межправительственных организаций",
            "zh": "政府间组织", "ar": "المنظمات الحكومية الدولية"},
    "un-entity": {"en": "United Nations entities", "fr": "entités des Nations Unies",
                  "es": "entidades de las Naciones Unidas", "ru": "структур Организации Объединенных Наций",
                  "zh": "联合国实体", "ar": "كيانات الأمم المتحدة"},
    "nhri": {"en": "national human rights institutions", "fr": "institutions nationales des droits de l’homme",
             "es": "instituciones nacionales de derechos humanos", "ru": "национальных правозащитных учреждений",
             "zh": "国家人权机构", "ar": "المؤسسات الوطنية لحقوق الإنسان"},
    "ngo": {"en": "non-governmental organizations", "fr": "organisations non gouvernementales",
            "es": "organizaciones no gubernamentales", "ru": "неправительственных организаций",
            "zh": "非政府组织", "ar": "المنظمات غير الحكومية"},
    "academic": {"en": "academic institutions", "fr": "établissements universitaires",
                 "es": "instituciones académicas", "ru": "академических учреждений", "zh": "学术机构",
                 "ar": "المؤسسات الأكاديمية"},
    "individual": {"en": "individuals", "fr": "particuliers", "es": "particulares", "ru": "частных лиц",
                   "zh": "个人", "ar": "الأفراد"},
}

# The group as named in "Contributions were received from the following …",
# with the agreement each language needs.
OPENING_GROUP: dict[str, dict[str, str]] = {
    "member-states": {"en": "Member States", "fr": "États Membres suivants", "es": "los siguientes Estados Miembros",
                      "ru": "государств-членов", "zh": "会员国", "ar": "الدول الأعضاء التالية"},
    "igos": {"en": "intergovernmental organizations", "fr": "organisations intergouvernementales suivantes",
             "es": "las siguientes organizaciones intergubernamentales", "ru": "межправительственных организаций",
             "zh": "政府间组织", "ar": "المنظمات الحكومية الدولية التالية"},
    "igos-un": {"en": "intergovernmental organizations and United Nations entities",
                "fr": "organisations intergouvernementales et entités des Nations Unies suivantes",
                "es": "las siguientes organizaciones intergubernamentales y entidades de las Naciones Unidas",
                "ru": "межправительственных организаций и структур Организации Объединенных Наций",
                "zh": "政府间组织和联合国实体", "ar": "المنظمات الحكومية الدولية وكيانات الأمم المتحدة التالية"},
    "un-entities": {"en": "United Nations entities", "fr": "entités des Nations Unies suivantes",
                    "es": "las siguientes entidades de las Naciones Unidas",
                    "ru": "структур Организации Объединенных Наций", "zh": "联合国实体",
                    "ar": "كيانات الأمم المتحدة التالية"},
    "nhris": {"en": "national human rights institutions",
              "fr": "institutions nationales des droits de l’homme suivantes",
              "es": "las siguientes instituciones nacionales de derechos humanos",
              "ru": "национальных правозащитных учреждений", "zh": "国家人权机构",
              "ar": "المؤسسات الوطنية لحقوق الإنسان التالية"},
    "ngos": {"en": "non-governmental organizations", "fr": "organisations non gouvernementales suivantes",
             "es": "las siguientes organizaciones no gubernamentales", "ru": "неправительственных организаций",
             "zh": "非政府组织", "ar": "المنظمات غير الحكومية التالية"},
}
# The group as counted in the summary ("11 Member States").
COUNTED_GROUP: dict[str, dict[str, str]] = {
    "member-states": {"en": "Member States", "fr": "États Membres", "es": "Estados Miembros",
                      "ru": "государства-члены", "zh": "会员国", "ar": "الدول الأعضاء"},
    "igos": {"en": "intergovernmental organizations", "fr": "organisations intergouvernementales",
             "es": "organizaciones intergubernamentales", "ru": "межправительственные организации",
             "zh": "政府间组织", "ar": "المنظمات الحكومية الدولية"},
    "igos-un": {"en": "intergovernmental organizations and United Nations entities",
                "fr": "organisations intergouvernementales et entités des Nations Unies",
                "es": "organizaciones intergubernamentales y entidades de las Naciones Unidas",
                "ru": "межправительственные организации и структуры Организации Объединенных Наций",
                "zh": "政府间组织和联合国实体", "ar": "المنظمات الحكومية الدولية وكيانات الأمم المتحدة"},
    "un-entities": {"en": "United Nations entities", "fr": "entités des Nations Unies",
                    "es": "entidades de las Naciones Unidas", "ru": "структуры Организации Объединенных Наций",
                    "zh": "联合国实体", "ar": "كيانات الأمم المتحدة"},
    "nhris": {"en": "national human rights institutions", "fr": "institutions nationales des droits de l’homme",
              "es": "instituciones nacionales de derechos humanos", "ru": "национальные правозащитные учреждения",
              "zh": "国家人权机构", "ar": "المؤسسات الوطنية لحقوق الإنسان"},
    "ngos": {"en": "non-governmental organizations and individuals",
             "fr": "organisations non gouvernementales et particuliers",
             "es": "organizaciones no gubernamentales y particulares",
             "ru": "неправительственные организации и частные лица", "zh": "非政府组织和个人",
             "ar": "المنظمات غير الحكومية والأفراد"},
}

# The same, counted one ("1 Member State"), where the language inflects.
COUNTED_GROUP_ONE: dict[str, dict[str, str]] = {
    "member-states": {"en": "Member State", "fr": "État Membre", "es": "Estado Miembro"},
    "igos": {"en": "intergovernmental organization", "fr": "organisation intergouvernementale",
             "es": "organización intergubernamental"},
    "igos-un": {"en": "intergovernmental organization or United Nations entity",
                "fr": "organisation intergouvernementale ou entité des Nations Unies",
                "es": "organización intergubernamental o entidad de las Naciones Unidas"},
    "un-entities": {"en": "United Nations entity", "fr": "entité des Nations Unies",
                    "es": "entidad de las Naciones Unidas"},
    "nhris": {"en": "national human rights institution", "fr": "institution nationale des droits de l’homme",
              "es": "institución nacional de derechos humanos"},
    "ngos": {"en": "non-governmental organization or individual",
             "fr": "organisation non gouvernementale ou particulier",
             "es": "organización no gubernamental o particular"},
}


def counted_group(key: str, count: int, language: str) -> str:
    """'11 Member States', '1 Member State', '11个会员国'…"""
    words = COUNTED_GROUP_ONE[key].get(language) if count == 1 else None
    return text("group_count", language, count=count, group=words or COUNTED_GROUP[key][language])


# Language names, as written after "Original:" and in footnotes.
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {"ar": "Arabic", "en": "English", "es": "Spanish", "fr": "French", "ru": "Russian", "zh": "Chinese"},
    "fr": {"ar": "arabe", "en": "anglais", "es": "espagnol", "fr": "français", "ru": "russe", "zh": "chinois"},
    "es": {"ar": "árabe", "en": "inglés", "es": "español", "fr": "francés", "ru": "ruso", "zh": "chino"},
    "ru": {"ar": "арабский", "en": "английский", "es": "испанский", "fr": "французский", "ru": "русский",
           "zh": "китайский"},
    "zh": {"ar": "阿拉伯文", "en": "英文", "es": "西班牙文", "fr": "法文", "ru": "俄文", "zh": "中文"},
    "ar": {"ar": "العربية", "en": "الإنكليزية", "es": "الإسبانية", "fr": "الفرنسية", "ru": "الروسية",
           "zh": "الصينية"},
}
# The masthead's "Original:" line keeps English names in ar, ru and zh documents, as the UN does.
ORIGINAL_LINE_NAMES = {"fr": LANGUAGE_NAMES["fr"], "es": LANGUAGE_NAMES["es"]}
JOB_LETTER = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S"}


def text(key: str, language: str, **values: object) -> str:
    template = TEXT[key].get(language) or TEXT[key]["en"]
    return template.format(**values) if values else template


def original_line(report_language: str, original_language: str) -> str:
    names = ORIGINAL_LINE_NAMES.get(report_language, LANGUAGE_NAMES["en"])
    return text("original", report_language, name=names[original_language])


# --- Dates -------------------------------------------------------------------------

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"],
    "ar": ["كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيه",
           "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
           "كانون الأول/ديسمبر"],
}


def format_date(value: dt.date, language: str) -> str:
    """Dates as UN documents write them: "21 December 2020", "2020年12月21日"…"""
    if language == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    month = MONTHS.get(language, MONTHS["en"])[value.month - 1]
    if language == "es":
        return f"{value.day} de {month} de {value.year}"
    if language == "ru":
        return f"{value.day} {month} {value.year} года"
    if language == "fr" and value.day == 1:
        return f"1er {month} {value.year}"
    return f"{value.day} {month} {value.year}"


# --- Session ordinals ("Seventy-sixth session") ------------------------------------

_EN_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_ORD_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_EN_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
             "seventeenth", "eighteenth", "nineteenth"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _en_ordinal(n: int) -> str:
    if n < 10:
        return _EN_ORD_UNITS[n]
    if n < 20:
        return _EN_TEENS[n - 10]
    tens, units = divmod(n, 10)
    return f"{_EN_TENS[tens]}-{_EN_ORD_UNITS[units]}" if units else f"{_EN_TENS[tens][:-1]}ieth"


_FR_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
             "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]
_FR_TENS = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"]


def _fr_cardinal(n: int) -> str:
    if n < 20:
        return _FR_UNITS[n]
    tens, units = divmod(n, 10)
    if tens in (7, 9):
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = _FR_UNITS[10 + units]
        joiner = " et " if tens == 7 and units == 1 else "-"
        return f"{base}{joiner}{rest}"
    base = "quatre-vingt" if tens == 8 else _FR_TENS[tens]
    if units == 0:
        return base + ("s" if tens == 8 else "")
    joiner = " et " if units == 1 and tens != 8 else "-"
    return f"{base}{joiner}{_FR_UNITS[units]}"


def _fr_ordinal(n: int) -> str:
    if n == 1:
        return "première"
    word = _fr_cardinal(n)
    if word.endswith("cinq"):
        return word + "uième"
    if word.endswith("neuf"):
        return word[:-1] + "vième"
    if word.endswith("s") and word.endswith("quatre-vingts"):
        word = word[:-1]
    if word.endswith("e"):
        word = word[:-1]
    return word + "ième"


_ES_UNITS = ["", "primer", "segundo", "tercer", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno"]
_ES_TENS = ["", "décimo", "vigésimo", "trigésimo", "cuadragésimo", "quincuagésimo", "sexagésimo",
            "septuagésimo", "octogésimo", "nonagésimo"]
_ES_TEENS = {11: "undécimo", 12: "duodécimo"}


def _es_ordinal(n: int) -> str:
    if n in _ES_TEENS:
        return _ES_TEENS[n]
    tens, units = divmod(n, 10)
    return " ".join(word for word in (_ES_TENS[tens], _ES_UNITS[units]) if word)


_RU_ORD_UNITS = ["", "первая", "вторая", "третья", "четвертая", "пятая", "шестая", "седьмая", "восьмая",
                 "девятая"]
_RU_TEENS = ["десятая", "одиннадцатая", "двенадцатая", "тринадцатая", "четырнадцатая", "пятнадцатая",
             "шестнадцатая", "семнадцатая", "восемнадцатая", "девятнадцатая"]
_RU_ORD_TENS = ["", "", "двадцатая", "тридцатая", "сороковая", "пятидесятая", "шестидесятая", "семидесятая",
                "восьмидесятая", "девяностая"]
_RU_TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят",
            "девяносто"]


def _ru_ordinal(n: int) -> str:
    if n < 10:
        return _RU_ORD_UNITS[n]
    if n < 20:
        return _RU_TEENS[n - 10]
    tens, units = divmod(n, 10)
    return f"{_RU_TENS[tens]} {_RU_ORD_UNITS[units]}" if units else _RU_ORD_TENS[tens]


_AR_UNITS = ["", "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة",
             "التاسعة"]
_AR_TENS = ["", "العاشرة", "العشرون", "الثلاثون", "الأربعون", "الخمسون", "الستون", "السبعون", "الثمانون",
            "التسعون"]


def _ar_ordinal(n: int) -> str:
    if n < 10:
        return _AR_UNITS[n]
    tens, units = divmod(n, 10)
    if tens == 1:
        return "العاشرة" if units == 0 else f"{'الحادية' if units == 1 else _AR_UNITS[units]} عشرة"
    if units == 0:
        return _AR_TENS[tens]
    return f"{'الحادية' if units == 1 else _AR_UNITS[units]} و{_AR_TENS[tens]}"


_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    if n < 10:
        return _ZH_DIGITS[n]
    tens, units = divmod(n, 10)
    return f"{'' if tens == 1 else _ZH_DIGITS[tens]}十{_ZH_DIGITS[units] if units else ''}"


def session_line(session: int, language: str) -> str:
    """'Seventy-sixth session', 'Soixante-seizième session', '第七十六届会议'…"""
    if language == "zh":
        return f"第{zh_number(session)}届会议"
    if language == "fr":
        return f"{_fr_ordinal(session).capitalize()} session"
    if language == "es":
        return f"{_es_ordinal(session).capitalize()} período de sesiones"
    if language == "ru":
        return f"{_ru_ordinal(session).capitalize()} сессия"
    if language == "ar":
        return f"الدورة {_ar_ordinal(session)}"
    return f"{_en_ordinal(session).capitalize()} session"


# --- Lists and sorting -------------------------------------------------------------


def join_names(names: Sequence[str], language: str) -> str:
    """'A, B and C' as each language writes it (zh 'A、B和C', ar 'A، وB')."""
    names = list(names)
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if language == "zh":
        return "、".join(names[:-1]) + "和" + names[-1]
    if language == "ar":
        return "، ".join(names[:-1]) + " و" + names[-1]
    last = {"en": " and ", "fr": " et ", "es": " y ", "ru": " и "}[language]
    final = names[-1].lower()
    if language == "es" and final.startswith(("i", "hi")) and not final.startswith("hie"):
        last = " e "
    return ", ".join(names[:-1]) + last + names[-1]


# Letters of each report language's script ("never printed in another script").
_SCRIPT_OF = {"en": "latin", "fr": "latin", "es": "latin", "ru": "cyrillic", "zh": "han", "ar": "arabic"}


def script_of(char: str) -> str:
    """'latin', 'cyrillic', 'arabic', 'han' or '' for a letter; '' for anything that is not a letter."""
    if not char.isalpha():
        return ""
    name = unicodedata.name(char, "")
    for script, word in (("latin", "LATIN"), ("cyrillic", "CYRILLIC"), ("arabic", "ARABIC"), ("han", "CJK")):
        if name.startswith(word) or (word == "CJK" and "CJK" in name):
            return script
    return "other"


def in_script(name: str, language: str) -> bool:
    """True when a name can be printed in a report in ``language``: its letters are in that language's script.

    Russian reports also print Latin letters (acronyms, names of organizations kept in Latin).
    """
    expected = {_SCRIPT_OF[language]} | ({"latin"} if language == "ru" else set())
    return all(script_of(ch) in expected or not script_of(ch) for ch in name)


def join_themes(names: Sequence[str], language: str) -> str:
    """Theme titles in a sentence; with semicolons when a title has its own "and" ("A and B; C; and D")."""
    names = list(names)
    if language == "ar" and len(names) > 2 and any(" و" in n for n in names):
        # A title with its own "و" makes "A، وB" ambiguous: Arabic UN texts separate such items with "؛".
        return "؛ ".join(names[:-1]) + "؛ و" + names[-1]
    if language == "zh" and len(names) > 2 and any("和" in n for n in names):
        return "；".join(names[:-1]) + "；以及" + names[-1]
    conjunction = {"en": " and ", "fr": " et ", "es": " y ", "ru": " и "}.get(language)
    if conjunction is None or len(names) < 2 or not any(conjunction in n for n in names):
        return join_names(names, language)
    if len(names) == 2:
        also = {"en": ", as well as ", "fr": ", ainsi que ", "es": ", así como ", "ru": ", а также "}[language]
        return names[0] + also + names[1]
    return "; ".join(names[:-1]) + ";" + conjunction + names[-1]


_LATIN_ARTICLES = ("the ", "la ", "le ", "les ", "l'", "l’", "el ", "los ", "las ")


def sort_key(name: str, language: str) -> str:
    """Alphabetical as the UN sorts in that language: articles and accents ignored."""
    folded = unicodedata.normalize("NFKD", name.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    if language == "ar" and folded.startswith("ال"):
        folded = folded[2:]
    for article in _LATIN_ARTICLES:
        if folded.startswith(article):
            folded = folded[len(article):]
            break
    return folded
