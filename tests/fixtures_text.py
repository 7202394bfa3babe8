"""Small regulation texts used by several test modules."""

SMALL = """REGLAMENTO DE PRUEBA PARA EL MUNICIPIO
DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 12, de fecha 15 de marzo de 2002, Tomo CIX, Sección I.

Última reforma publicada en el Periódico Oficial No. 40, de fecha 17 de junio de 2022, Tomo CXXIX.

NOTA: Texto de muestra para pruebas.

TÍTULO PRIMERO
DISPOSICIONES GENERALES

CAPÍTULO ÚNICO
DEL OBJETO

ARTÍCULO 1.- Objeto.- El presente Reglamento es de orden público.

ARTÍCULO 2.- Para efectos de este Reglamento se entenderá por:

I.- Ayuntamiento.- El H. Ayuntamiento de Mexicali;

II.- Cabildo.- La sesión de los munícipes; y

III.- Autoridades:

a) El Presidente Municipal;

b) El Síndico Procurador.

IV.- Derogada.
(Derogado, P.O. No. 40, de fecha 17 de junio de 2022, Tomo CXXIX)

Párrafo final del artículo.

TÍTULO SEGUNDO
DE LAS AUTORIDADES

ARTÍCULO 3.- Fue reformado por Acuerdo de Cabildo, publicado en el Periódico Oficial No. 53, de fecha 30 de noviembre de 2010, Tomo CXVII, expedido por el H. XIX Ayuntamiento de Mexicali; para quedar vigente como sigue:

ARTÍCULO 3.- Texto nuevo del artículo tercero.
[N. DE E. Artículo reformado mediante Acuerdo publicado en el Periódico Oficial No. 40, de fecha 17 de junio de 2022, Tomo CXXIX.]

ARTÍCULO 3 BIS.- Artículo adicionado.
(Adicionado, P.O. No. 40, de fecha 17 de junio de 2022, Tomo CXXIX)

ARTÍCULO 4.- Derogado.

TRANSITORIOS

PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su publicación.

SEGUNDO.- Se abroga el reglamento anterior.

TRANSITORIOS
(Del Acuerdo de Cabildo publicado en el Periódico Oficial No. 40, de fecha 17 de junio de 2022, Tomo CXXIX)

ÚNICO.- La presente reforma entrará en vigor al día siguiente de su publicación.
"""
